import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDatabase, RedisCache, silentLogger, tlsFromEnv, trustTlsCa } from '../src';
import { generateTestCa, type TestCa } from './fixtures/test-ca';

/**
 * Issue 9 item 4, client side: PostgreSQL and Redis servers of this test's own (ephemeral ports, not the test
 * command's) present a certificate from a generated CA; Vigie's adapters connect over TLS when they trust that CA and
 * are refused when they do not. PostgreSQL trusts it from the URL (libpq's sslmode=verify-full&sslrootcert=…, read
 * by node-postgres); Redis from `rediss://` plus VIGIE_TLS_CA installed by trustTlsCa (createService does it).
 */
let dir: string;
let ca: TestCa;
let pgPort: number;
let redisPort: number;
let redis: ChildProcess | undefined;
const isRoot = userInfo().uid === 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Resolves once a TLS handshake (certificate not checked) succeeds on `port`. */
async function untilListening(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing answers TLS on port ${port}`);
}

/** initdb and postgres refuse to run as root: run them as the `postgres` user then. */
function asPostgres(cmd: string, args: string[]): void {
  execFileSync(isRoot ? 'runuser' : cmd, isRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'pipe' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-tls-clients-'));
  ca = generateTestCa(dir);
  [pgPort, redisPort] = [await freePort(), await freePort()];
  // PostgreSQL wants its key 0600 and owned by the server's user.
  const pgKey = join(dir, 'pg.key');
  copyFileSync(ca.serverKey, pgKey);
  chmodSync(pgKey, 0o600);
  if (isRoot) {
    const pgUid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const pgGid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    for (const f of ['', ...readdirSync(dir)]) chownSync(join(dir, f), pgUid, pgGid);
  }
  const data = join(dir, 'pgdata');
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  const opts = `-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file=${ca.serverCert} -c ssl_key_file=${pgKey}`;
  asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'pg.log'), '-w', '-o', opts, 'start']);

  redis = spawn(
    'redis-server',
    [
      '--port',
      '0',
      '--tls-port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--tls-cert-file',
      ca.serverCert,
      '--tls-key-file',
      ca.serverKey,
      '--tls-ca-cert-file',
      ca.caCert,
      '--tls-auth-clients',
      'no',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  );
  await untilListening(redisPort);
}, 60_000);

afterAll(async () => {
  redis?.kill('SIGTERM');
  if (dir) {
    try {
      asPostgres('pg_ctl', ['-D', join(dir, 'pgdata'), '-m', 'immediate', 'stop']);
    } catch {
      // not started: nothing to stop
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('PostgreSQL over TLS (sslmode=verify-full)', () => {
  it('connects over TLS when the URL names the CA', async () => {
    const url = `postgres://postgres@127.0.0.1:${pgPort}/postgres?sslmode=verify-full&sslrootcert=${ca.caCert}`;
    const db = await PostgresDatabase.fromConfig({ url, poolSize: 1 }, { onError: () => undefined });
    const { rows } = await db.query<{ ssl: boolean; version: string }>('SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    expect(rows[0]?.ssl).toBe(true);
    expect(['TLSv1.2', 'TLSv1.3']).toContain(rows[0]?.version);
    await db.close();
  });

  it('is refused when the client does not trust the CA', async () => {
    const url = `postgres://postgres@127.0.0.1:${pgPort}/postgres?sslmode=verify-full`;
    await expect(PostgresDatabase.fromConfig({ url, poolSize: 1 }, { onError: () => undefined })).rejects.toMatchObject({
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
  });
});

describe('Redis over TLS (rediss://)', () => {
  const cacheAt = (namespace: string) =>
    RedisCache.fromConfig({ url: `rediss://localhost:${redisPort}`, namespace, connectTimeoutMs: 2_000 }, silentLogger());

  // First: trustTlsCa below changes this worker's default trust.
  it('is refused (a miss, never a plain-text fallback) while the CA is not trusted', async () => {
    const cache = cacheAt('tls-untrusted');
    await cache.set('k', { v: 1 });
    expect(await cache.get('k')).toBeUndefined();
    await cache.close();
    // Why: the certificate, as a bare ioredis client on the same URL reports it.
    const raw = new Redis(`rediss://localhost:${redisPort}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const failure = new Promise<unknown>((resolve) => raw.once('error', resolve));
    await raw.connect().catch(() => undefined);
    // Redis sends its CA with the leaf (tls-ca-cert-file): an untrusted self-signed root in the chain.
    expect(await failure).toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    raw.disconnect();
  });

  it('stores and reads over TLS once VIGIE_TLS_CA is trusted', async () => {
    trustTlsCa(tlsFromEnv({ VIGIE_TLS_CA: ca.caCert }).ca);
    const cache = cacheAt('tls-trusted');
    await cache.set('k', { v: 1 });
    expect(await cache.get('k')).toEqual({ v: 1 });
    await cache.close();
  });
});
