import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { generateDataKey, Keyring } from './keyring';

export interface KeyringConfig {
  /** VIGIE_DATA_KEYS: `id:base64key,…`, the first seals. */
  readonly keys?: string | null | undefined;
  readonly profile: 'embedded' | 'distributed';
  /** Embedded profile: where the generated key lives when `keys` is not set (`<dataDir>/secrets/data-keys`). */
  readonly dataDir?: string;
}

/** The file holding the embedded profile's generated key ring (same `id:base64,…` form as VIGIE_DATA_KEYS). */
export function dataKeyFile(dataDir: string): string {
  return path.join(dataDir, 'secrets', 'data-keys');
}

/**
 * The key ring of the platform. VIGIE_DATA_KEYS wins. Otherwise the distributed profile refuses to start
 * (SECRET_KEY_MISSING): replicas must share a key, so it has to come from the deployment. The embedded profile
 * generates one key once into `<dataDir>/secrets/data-keys` (mode 0600) and reuses it; it logs that it did, never the key.
 */
export function loadKeyring(config: KeyringConfig, logger?: Logger): Keyring {
  if (config.keys?.trim()) return Keyring.fromConfig({ keys: config.keys });
  if (config.profile === 'distributed' || !config.dataDir) {
    throw new AppError(
      'SECRET_KEY_MISSING',
      'the distributed profile needs VIGIE_DATA_KEYS=<id>:<base64 of 32 random bytes> (e.g. `openssl rand -base64 32`), the same on every replica',
    );
  }
  const file = dataKeyFile(config.dataDir);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx': two processes starting on one fresh data directory cannot both write a key.
    writeFileSync(file, `${generateDataKey(`k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`)}\n`, { mode: 0o600, flag: 'wx' });
    logger?.warn(
      { file },
      'no VIGIE_DATA_KEYS: generated a data encryption key for secrets at rest; back this file up with the data directory',
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    logger?.warn({ file }, 'the data key file was readable by others; its mode is now 0600');
  }
  return Keyring.fromConfig({ keys: readFileSync(file, 'utf8') });
}
