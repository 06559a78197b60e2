import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { Database, Keyring } from '@vigie/service-kit';

/**
 * The issuer's sealed material: ES256 signing keys (table `signing_keys`) and generated secrets (table `secrets`:
 * cookie keys, confidential clients' secrets), each sealed with the platform's data keys (VIGIE_DATA_KEYS or the
 * embedded profile's generated key), bound to its row so a sealed value copied elsewhere does not open.
 *
 * Rotation: `rotate()` adds a key, which signs from the next start on; every older key gets a retire date (now +
 * the longest lifetime of a token it may have signed) and stays in the JWKS until then, so tokens signed before the
 * rotation keep verifying. Retired keys are deleted when the keys are next loaded.
 */
export interface SigningJwk {
  readonly kid: string;
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly alg: 'ES256';
  readonly use: 'sig';
  readonly x: string;
  readonly y: string;
  readonly d: string;
}

/** Longest lifetime of a JWT the issuer signs (ID token 1 h, access token 15 min), plus clock skew. */
export const KEY_RETENTION_MS = 2 * 60 * 60 * 1000;

function newJwk(): SigningJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as { x: string; y: string; d: string };
  const kid = `${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8)}`;
  return { kid, kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', x: jwk.x, y: jwk.y, d: jwk.d };
}

export class IdentityKeys {
  constructor(
    private readonly db: Database,
    private readonly keyring: Keyring,
  ) {}

  private async insert(): Promise<SigningJwk> {
    const jwk = newJwk();
    await this.db.query('INSERT INTO signing_keys (kid, sealed_jwk) VALUES ($1, $2)', [
      jwk.kid,
      this.keyring.seal(JSON.stringify(jwk), `signing_keys/${jwk.kid}`),
    ]);
    return jwk;
  }

  /** The keys in force, newest (the signer) first; generates the first one on a first run, drops retired ones. */
  async signingKeys(now = new Date()): Promise<SigningJwk[]> {
    await this.db.query('DELETE FROM signing_keys WHERE retire_at IS NOT NULL AND retire_at <= $1', [now]);
    const { rows } = await this.db.query<{ kid: string; sealed_jwk: string }>(
      'SELECT kid, sealed_jwk FROM signing_keys ORDER BY created_at DESC, kid DESC',
    );
    if (rows.length === 0) return [await this.insert()];
    return rows.map((r) => JSON.parse(this.keyring.open(r.sealed_jwk, `signing_keys/${r.kid}`)) as SigningJwk);
  }

  /** Adds a new signing key; the previous ones retire after KEY_RETENTION_MS. Returns the new key id. */
  async rotate(now = new Date()): Promise<{ kid: string; retiring: string[] }> {
    const { rows } = await this.db.query<{ kid: string }>('UPDATE signing_keys SET retire_at = $1 WHERE retire_at IS NULL RETURNING kid', [
      new Date(now.getTime() + KEY_RETENTION_MS),
    ]);
    const jwk = await this.insert();
    return { kid: jwk.kid, retiring: rows.map((r) => r.kid) };
  }

  /** A named generated secret (created on first use): 32 random bytes in base64url. */
  async secret(name: string): Promise<string> {
    const context = `secrets/${name}`;
    const { rows } = await this.db.query<{ sealed_value: string }>('SELECT sealed_value FROM secrets WHERE name = $1', [name]);
    if (rows[0]) return this.keyring.open(rows[0].sealed_value, context);
    const value = randomBytes(32).toString('base64url');
    await this.db.query('INSERT INTO secrets (name, sealed_value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
      name,
      this.keyring.seal(value, context),
    ]);
    const again = await this.db.query<{ sealed_value: string }>('SELECT sealed_value FROM secrets WHERE name = $1', [name]);
    return this.keyring.open(again.rows[0]!.sealed_value, context);
  }
}
