import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarness, type TestHarness } from '@vigie/service-kit-testing';
import { generateTestCa, type TestCa } from './fixtures/test-ca';
import { createService, tlsFromEnv, tlsServerOptions, trustTlsCa, type Service } from '../src';

/**
 * Issue 9 must-show: TLS tested with a generated CA — clients that do not trust it are refused. The CA and the server
 * certificate (SAN localhost + 127.0.0.1) are made by the openssl CLI for this run only.
 */
let dir: string;
let files: TestCa;
let h: TestHarness;
let service: Service;
let port: number;

/** GET over https with the given trust; resolves with the status, rejects with the TLS error. */
function httpsGet(path: string, options: https.RequestOptions): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path, agent: false, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

function handshake(options: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ...options }, () => {
      const version = socket.getProtocol() ?? '';
      socket.end();
      resolve(version);
    });
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-tls-'));
  files = generateTestCa(dir);
  h = await createTestHarness();
  // The listener's config from the same reader main.ts uses; the CA is NOT trusted yet (see the last test).
  const config = tlsFromEnv({ VIGIE_TLS_CERT: files.serverCert, VIGIE_TLS_KEY: files.serverKey });
  service = createService(
    {
      name: 'preprocessing',
      configure: (app) => {
        app.get('/ws', { websocket: true }, (socket) => socket.send('hello over wss'));
      },
    },
    { ...h.deps('tls_svc'), auth: null, tls: config },
  );
  const address = await service.listen(0, '127.0.0.1');
  expect(address).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  port = Number(new URL(address).port);
});

afterAll(async () => {
  await service?.stop();
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('TLS on a service listener, with a generated CA', () => {
  it('serves /actuator/health to a client that trusts the CA', async () => {
    const res = await httpsGet('/actuator/health', { ca: readFileSync(files.caCert), servername: 'localhost' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'UP' });
  });

  it('refuses clients that do not trust the CA (default trust store: https and fetch)', async () => {
    await expect(httpsGet('/actuator/health', {})).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    const failure = await fetch(`https://127.0.0.1:${port}/actuator/health`).then(
      () => null,
      (err: Error & { cause?: { code?: string } }) => err.cause?.code,
    );
    expect(failure).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('refuses a client trusting the CA when the name is not in the certificate', async () => {
    await expect(httpsGet('/actuator/health', { ca: readFileSync(files.caCert), servername: 'vigie.example' })).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it('does not answer plain HTTP on the TLS port', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/actuator/health', agent: false, timeout: 5000 }, (res) =>
        resolve(`answered ${res.statusCode}`),
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    // The TLS server reads the request line as a bad ClientHello and drops the connection.
    expect(outcome).toBe('ECONNRESET');
  });

  it('accepts TLS 1.2 and 1.3; the server refuses TLS 1.1', async () => {
    const ca = readFileSync(files.caCert);
    expect(await handshake({ ca, maxVersion: 'TLSv1.2' })).toBe('TLSv1.2');
    expect(await handshake({ ca })).toBe('TLSv1.3');
    expect(tlsServerOptions(tlsFromEnv({ VIGIE_TLS_CERT: files.serverCert, VIGIE_TLS_KEY: files.serverKey }))?.minVersion).toBe('TLSv1.2');
    // SECLEVEL=0 lets this client offer TLS 1.1, so the refusal is the server's protocol-version alert.
    await expect(handshake({ ca, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' })).rejects.toMatchObject({
      code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
    });
  });

  // Last: trustTlsCa changes this worker's default trust, which the refusal tests above rely on being the public roots.
  it('once VIGIE_TLS_CA is trusted, fetch (gateway, health poller) and a WSS upgrade go through', async () => {
    const { ca } = tlsFromEnv({ VIGIE_TLS_CA: files.caCert });
    expect(ca).toHaveLength(1);
    trustTlsCa(ca);
    trustTlsCa(ca); // idempotent
    const res = await fetch(`https://localhost:${port}/actuator/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'UP' });
    const message = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(`wss://localhost:${port}/ws`);
      ws.onmessage = (e) => {
        resolve(String(e.data));
        ws.close();
      };
      ws.onerror = () => reject(new Error('WSS upgrade failed'));
    });
    expect(message).toBe('hello over wss');
  });
});

describe('TLS configuration (VIGIE_TLS_*)', () => {
  const invalid = (env: NodeJS.ProcessEnv) => () => tlsFromEnv(env);

  it('is off when unset: today’s plain HTTP listener', async () => {
    expect(tlsFromEnv({})).toEqual({ server: null, ca: [] });
    const plain = createService({ name: 'preprocessing' }, { ...h.deps('tls_plain'), auth: null, tls: tlsFromEnv({}) });
    const address = await plain.listen(0, '127.0.0.1');
    expect(address).toMatch(/^http:\/\//);
    expect((await fetch(`${address}/actuator/health`)).status).toBe(200);
    await plain.stop();
  });

  it('refuses half a configuration, unreadable files and a key that is not the certificate’s', () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ VIGIE_TLS_CERT: files.serverCert }, /only VIGIE_TLS_CERT is set/],
      [{ VIGIE_TLS_KEY: files.serverKey }, /only VIGIE_TLS_KEY is set/],
      [{ VIGIE_TLS_CERT: join(dir, 'missing.crt'), VIGIE_TLS_KEY: files.serverKey }, /VIGIE_TLS_CERT=.*cannot be read \(ENOENT\)/],
      [{ VIGIE_TLS_CERT: files.serverKey, VIGIE_TLS_KEY: files.serverKey }, /holds no PEM certificate/],
      [{ VIGIE_TLS_CERT: files.serverCert, VIGIE_TLS_KEY: files.serverCert }, /not a readable unencrypted PEM private key/],
      [{ VIGIE_TLS_CERT: files.serverCert, VIGIE_TLS_KEY: files.otherKey }, /is not the private key of the certificate/],
      [{ VIGIE_TLS_CA: join(dir, 'server.csr') }, /VIGIE_TLS_CA=.*holds no PEM certificate/],
    ];
    for (const [env, message] of cases) {
      expect(invalid(env)).toThrow(message);
      expect(invalid(env)).toThrow(expect.objectContaining({ code: 'TLS_CONFIG_INVALID' }));
    }
  });

  it('stops createService at construction when the environment is half configured', () => {
    const saved = { cert: process.env.VIGIE_TLS_CERT, key: process.env.VIGIE_TLS_KEY };
    process.env.VIGIE_TLS_CERT = files.serverCert;
    delete process.env.VIGIE_TLS_KEY;
    try {
      expect(() => createService({ name: 'preprocessing' }, { ...h.deps('tls_half'), auth: null })).toThrow(/^TLS_CONFIG_INVALID: /);
    } finally {
      if (saved.cert === undefined) delete process.env.VIGIE_TLS_CERT;
      else process.env.VIGIE_TLS_CERT = saved.cert;
      if (saved.key !== undefined) process.env.VIGIE_TLS_KEY = saved.key;
    }
  });
});
