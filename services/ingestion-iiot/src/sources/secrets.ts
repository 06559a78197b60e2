import { AppError, hasSealedFields, isSealed, maskFields, openFields, sealFields, type FieldPath, type Keyring } from '@vigie/service-kit';
import type { SourceConfig } from './index';

/**
 * The fields marked "Secret" in the source schemas (opcua-config.ts, mqtt-config.ts). A source added over REST is
 * stored in `ingestion_sources` with these sealed (service-kit secrets: AES-256-GCM, key from VIGIE_DATA_KEYS) and is
 * opened only when the source connects. Add a field here when a schema gains a secret.
 */
export const SOURCE_SECRET_FIELDS: Record<SourceConfig['protocol'], readonly FieldPath[]> = {
  opcua: ['user.password'],
  mqtt: ['password'],
  modbus: [],
};

const fieldsOf = (config: SourceConfig): readonly FieldPath[] => SOURCE_SECRET_FIELDS[config.protocol];
const contextOf = (config: SourceConfig): string => `ingestion_sources/${config.id}`;

function readField(config: SourceConfig, field: FieldPath): unknown {
  return field
    .split('.')
    .reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), config);
}

/** True when the configuration carries a secret in plaintext (it must be sealed before it is stored). */
export function hasPlainSecrets(config: SourceConfig): boolean {
  return fieldsOf(config).some((f) => {
    const value = readField(config, f);
    return typeof value === 'string' && !isSealed(value);
  });
}

/** Seals plaintext secrets and reseals those under an old key; SECRET_KEY_MISSING when there is a secret but no key ring. */
export function sealSource(keyring: Keyring | undefined, config: SourceConfig): { config: SourceConfig; changed: boolean } {
  if (!keyring) {
    if (hasPlainSecrets(config) || hasSealedFields(config, fieldsOf(config))) {
      throw new AppError(
        'SECRET_KEY_MISSING',
        `source ${config.id} has a secret but no data encryption key is configured (VIGIE_DATA_KEYS)`,
        { source: config.id },
      );
    }
    return { config, changed: false };
  }
  const { value, changed } = sealFields(keyring, config, fieldsOf(config), contextOf(config));
  return { config: value, changed };
}

/** The configuration a source connects with: sealed secrets opened (SECRET_* errors when they cannot be). */
export function openSource(keyring: Keyring | undefined, config: SourceConfig): SourceConfig {
  if (!hasSealedFields(config, fieldsOf(config))) return config;
  if (!keyring)
    throw new AppError(
      'SECRET_KEY_MISSING',
      `source ${config.id} has a sealed secret but no data encryption key is configured (VIGIE_DATA_KEYS)`,
      { source: config.id },
    );
  return openFields(keyring, config, fieldsOf(config), contextOf(config));
}

/** The configuration with its secrets masked, for anything shown or logged. */
export function maskSource(config: SourceConfig): SourceConfig {
  return maskFields(config, fieldsOf(config));
}
