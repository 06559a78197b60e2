import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors';

/**
 * Secrets at rest: AES-256-GCM with a random 96-bit IV per value, sealed into one ASCII string
 *
 *   v1:<key id>:<iv>:<tag>:<ciphertext>        (iv, tag and ciphertext in base64url, no padding)
 *
 * so a sealed value fits wherever the plaintext string did (a jsonb field, a text column) and says which key opens it.
 * An optional context (e.g. `ingestion_sources/line-1/user.password`) is bound as additional authenticated data: a
 * sealed value copied to another row or field no longer opens. The first key of the ring seals; every key opens, so a
 * new key is put first and `reseal` moves old values onto it (rotation); an old key is dropped once nothing uses it.
 */
export const SEALED_PATTERN = /^v1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_BYTES = 32;

export interface DataKey {
  readonly id: string;
  readonly key: Buffer;
}

/** Parses `id:base64key,…` (VIGIE_DATA_KEYS); fails with SECRET_KEY_INVALID naming the entry, never its bytes. */
export function parseDataKeys(spec: string): DataKey[] {
  const entries = spec
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new AppError('SECRET_KEY_MISSING');
  const keys = entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    if (!KEY_ID.test(id))
      throw new AppError('SECRET_KEY_INVALID', `data key #${index + 1}: the id before ':' must be 1-32 letters, digits, _ or -`, { index });
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== KEY_BYTES)
      throw new AppError('SECRET_KEY_INVALID', `data key ${id}: must be ${KEY_BYTES} bytes in base64 (got ${key.length})`, { keyId: id });
    return { id, key };
  });
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new AppError('SECRET_KEY_INVALID', 'data key ids must be unique', { ids: keys.map((k) => k.id) });
  return keys;
}

/** A fresh random key in the VIGIE_DATA_KEYS form (`id:base64`). */
export function generateDataKey(id: string): string {
  if (!KEY_ID.test(id)) throw new AppError('SECRET_KEY_INVALID', `a key id is 1-32 letters, digits, _ or -`, { keyId: id });
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

/** True when the value is a sealed envelope (the syntax only; opening it checks the key and the tag). */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && SEALED_PATTERN.test(value);
}

/** The key ring of a service: seals with the current (first) key, opens with any. Keys never leave it. */
export class Keyring {
  private readonly byId: ReadonlyMap<string, Buffer>;
  readonly currentKeyId: string;

  private constructor(keys: readonly DataKey[]) {
    if (keys.length === 0) throw new AppError('SECRET_KEY_MISSING');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    this.currentKeyId = keys[0]!.id;
  }

  static fromKeys(keys: readonly DataKey[]): Keyring {
    return new Keyring(keys);
  }

  /** From `id:base64key,…`; the first key is the current one. */
  static fromConfig(config: { keys: string }): Keyring {
    return new Keyring(parseDataKeys(config.keys));
  }

  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  seal(plaintext: string, context = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.byId.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v1',
      this.currentKeyId,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join(':');
  }

  /** Fails with SECRET_ENVELOPE_INVALID, SECRET_KEY_UNKNOWN or SECRET_DECRYPT_FAILED (wrong key, other context, tampered). */
  open(sealed: string, context = ''): string {
    const m = SEALED_PATTERN.exec(sealed);
    if (!m) throw new AppError('SECRET_ENVELOPE_INVALID', undefined, { context });
    const [, keyId, iv, tag, ciphertext] = m as unknown as [string, string, string, string, string];
    const key = this.byId.get(keyId);
    if (!key)
      throw new AppError('SECRET_KEY_UNKNOWN', `a secret was sealed with key ${keyId}, which is not in VIGIE_DATA_KEYS`, {
        keyId,
        context,
      });
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new AppError(
        'SECRET_DECRYPT_FAILED',
        `a secret sealed with key ${keyId} does not open: wrong key bytes for that id, or tampered data`,
        { keyId, context },
      );
    }
  }

  /** True when the sealed value should be resealed with the current key (rotation). */
  needsReseal(sealed: string): boolean {
    return SEALED_PATTERN.exec(sealed)?.[1] !== this.currentKeyId;
  }

  /** Opens and seals again with the current key; a value already under the current key is returned unchanged. */
  reseal(sealed: string, context = ''): string {
    return this.needsReseal(sealed) ? this.seal(this.open(sealed, context), context) : sealed;
  }
}
