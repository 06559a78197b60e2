/**
 * Technicians' personal data (issue 9, "sensitive columns encrypted at rest"): `email` and `phone` join `name`, and
 * all three hold sealed envelopes (`v1:<key id>:…`, service-kit secrets, AES-256-GCM with a key from VIGIE_DATA_KEYS)
 * rather than clear text. SQL cannot seal with the service's key, so rows stored in clear before this migration are
 * sealed when the service starts (use-cases/technician-secrets.ts, idempotent). The planner reads only id, skills,
 * shifts and site; the API opens the three fields for its responses.
 */
export const technicianPersonalDataMigration = {
  id: '008_technician_personal_data',
  sql: `
    ALTER TABLE technicians ADD COLUMN IF NOT EXISTS email text;
    ALTER TABLE technicians ADD COLUMN IF NOT EXISTS phone text;
    COMMENT ON COLUMN technicians.name IS 'sealed (service-kit secrets): v1:<key id>:<iv>:<tag>:<ciphertext>';
    COMMENT ON COLUMN technicians.email IS 'sealed (service-kit secrets), null when unknown';
    COMMENT ON COLUMN technicians.phone IS 'sealed (service-kit secrets), null when unknown';
  `,
} as const;
