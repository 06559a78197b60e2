import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { IdentityError } from './errors';

/**
 * Password hashing with node:crypto scrypt: a random 16-byte salt per user, 64-byte key, parameters stored with the
 * hash so they can be raised later without invalidating older hashes:
 *
 *   scrypt$<N>$<r>$<p>$<salt base64url>$<key base64url>
 *
 * Comparison is constant-time. Passwords themselves are never stored, logged or returned.
 */
const PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_BYTES = 64;
const SALT_BYTES = 16;
export const MIN_PASSWORD_LENGTH = 12;
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(password: string, salt: Buffer, options: ScryptOptions, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, bytes, { ...options, maxmem: 256 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new IdentityError('IDENTITY_PASSWORD_TOO_SHORT', `a password has at least ${MIN_PASSWORD_LENGTH} characters`);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, PARAMS, KEY_BYTES);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; constant-time on the derived key. A malformed hash is an error, not a mismatch. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m) throw new IdentityError('IDENTITY_HASH_INVALID', 'a stored password hash is not in the scrypt$N$r$p$salt$key form');
  const [, n, r, p, salt, key] = m as unknown as [string, string, string, string, string, string];
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) }, expected.length);
  return timingSafeEqual(actual, expected);
}

/** A random password for the first-run admin: 24 characters of base64url (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * A hash to verify against when the user does not exist, so an unknown name costs the same scrypt time as a wrong
 * password (no user enumeration by timing).
 */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword(generatePassword()));
}
