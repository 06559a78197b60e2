import { AppError, isSealed, openFields, sealFields, type FieldPath, type Keyring, type Queryable } from '@vigie/service-kit';
import type { TechnicianRow } from './planning-repository';

/**
 * Technicians' personal data at rest (issue 9): `name`, `email` and `phone` of the `technicians` table hold sealed
 * envelopes (service-kit secrets: AES-256-GCM, key id inside, key from VIGIE_DATA_KEYS), each bound to
 * `technicians/<id>/<field>` so a value copied to another row does not open. Only the API opens them; the planner
 * never reads these columns (planning-repository.ts listPlanTechnicians). Add a field here when the table gains one.
 */
export const TECHNICIAN_PERSONAL_FIELDS: readonly FieldPath[] = ['name', 'email', 'phone'];

type Personal = Pick<TechnicianRow, 'name' | 'email' | 'phone'>;

const contextOf = (id: string): string => `technicians/${id}`;

function personalOf(t: Personal): Personal {
  return { name: t.name, email: t.email ?? null, phone: t.phone ?? null };
}

function hasClearFields(t: Personal): boolean {
  return [t.name, t.email, t.phone].some((v) => typeof v === 'string' && !isSealed(v));
}

function keyMissing(id: string, what: string): AppError {
  return new AppError('SECRET_KEY_MISSING', `technician ${id} ${what} but no data encryption key is configured (VIGIE_DATA_KEYS)`, {
    technician: id,
  });
}

/** The row with its personal fields sealed (plaintext sealed, old-key values resealed); SECRET_KEY_MISSING without a key ring. */
export function sealTechnician<T extends TechnicianRow>(keyring: Keyring | undefined, t: T): { technician: T; changed: boolean } {
  if (!keyring) throw keyMissing(t.id, 'has personal data to store');
  const { value, changed } = sealFields(keyring, personalOf(t), TECHNICIAN_PERSONAL_FIELDS, contextOf(t.id));
  return { technician: { ...t, ...value }, changed };
}

/** The row with its personal fields opened, for API responses: SECRET_KEY_MISSING without a key ring, other SECRET_* when a value does not open. */
export function openTechnician<T extends TechnicianRow>(keyring: Keyring | undefined, t: T): T {
  if (!keyring) throw keyMissing(t.id, 'has personal data');
  return { ...t, ...openFields(keyring, personalOf(t), TECHNICIAN_PERSONAL_FIELDS, contextOf(t.id)) };
}

/** A row the start-up pass could not seal or reseal, with the stable code of the reason (never a value). */
export interface UnsealedTechnician {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Seals, row by row, what is stored in clear (rows written before migration 008) and reseals what an older key sealed
 * (rotation: the first key of VIGIE_DATA_KEYS seals); a row already sealed with the current key is left alone, so
 * running it again changes nothing. As ingestion does for source secrets, a row that cannot be (no key ring, a key id
 * no longer in the ring, wrong key bytes) stays as stored and is reported with its error code; the API then answers
 * that code for it. Returns how many rows were rewritten.
 */
export async function sealStoredTechnicians(
  q: Queryable,
  keyring: Keyring | undefined,
): Promise<{ rewritten: number; failed: UnsealedTechnician[] }> {
  const { rows } = await q.query<Personal & { id: string }>('SELECT id, name, email, phone FROM technicians ORDER BY id FOR UPDATE');
  let rewritten = 0;
  const failed: UnsealedTechnician[] = [];
  for (const row of rows) {
    try {
      if (!keyring) {
        if (hasClearFields(row)) throw keyMissing(row.id, 'has personal data stored in clear');
        continue;
      }
      const { value, changed } = sealFields(keyring, personalOf(row), TECHNICIAN_PERSONAL_FIELDS, contextOf(row.id));
      if (!changed) continue;
      await q.query('UPDATE technicians SET name = $2, email = $3, phone = $4 WHERE id = $1', [
        row.id,
        value.name,
        value.email,
        value.phone,
      ]);
      rewritten += 1;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      failed.push({ id: row.id, code: err.code, message: err.message });
    }
  }
  return { rewritten, failed };
}
