import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger, tlsFromEnv } from '@vigie/service-kit';
import { generateTestCa, type TestCa } from '../../../packages/service-kit/test/fixtures/test-ca';

/**
 * Issue 9 must-show, for the dashboard's own static server: with VIGIE_TLS_CERT/KEY from a CA generated for this run
 * it serves HTTPS only; a client trusting the CA gets the page, one with the default trust store is refused.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'vigie-dashboard-tls-'));
const dist = path.join(dir, 'dist');
let ca: TestCa;
let app: FastifyInstance;
let port: number;

function get(
  client: typeof http | typeof https,
  url: string,
  options: https.RequestOptions = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = client.get(
      `${client === https ? 'https' : 'http'}://127.0.0.1:${port}${url}`,
      { agent: false, timeout: 5_000, ...options },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

beforeAll(async () => {
  ca = generateTestCa(dir);
  mkdirSync(dist);
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  // DASHBOARD_DIST is read when the module loads.
  process.env.VIGIE_DASHBOARD_DIST = dist;
  const { startDashboardServer } = await import('../src/dashboard-server');
  app = await startDashboardServer({
    port: 0,
    host: '127.0.0.1',
    monitoringPort: 8086,
    logger: createLogger('test', 'silent'),
    tls: tlsFromEnv({ VIGIE_TLS_CERT: ca.serverCert, VIGIE_TLS_KEY: ca.serverKey }),
  });
  port = (app.server.address() as { port: number }).port;
});

afterAll(async () => {
  await app?.close();
  delete process.env.VIGIE_DASHBOARD_DIST;
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard server over TLS', () => {
  it('serves the page to a client that trusts the CA, and points the browser at HTTPS/WSS monitoring', async () => {
    const trusting = { ca: readFileSync(ca.caCert), servername: 'localhost' };
    const page = await get(https, '/assets/P-101', trusting);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const config = await get(https, '/config.json', { ...trusting, headers: { host: 'plant-pc:3000' } });
    expect(JSON.parse(config.body)).toEqual({ monitoringUrl: 'https://plant-pc:8086', wsUrl: 'wss://plant-pc:8086/ws/monitoring' });
  });

  it('refuses a client with the default trust store', async () => {
    await expect(get(https, '/')).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('does not answer plain HTTP', async () => {
    // The TLS listener reads the request as a broken handshake and drops the connection: no page in clear text.
    await expect(get(http, '/')).rejects.toMatchObject({ code: 'ECONNRESET', message: 'socket hang up' });
  });

  it('refuses TLS 1.1', async () => {
    await expect(
      get(https, '/', { ca: readFileSync(ca.caCert), minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }),
    ).rejects.toMatchObject({
      code: 'EPROTO',
      message: expect.stringContaining('alert protocol version'), // the server's alert 70: it offers TLS 1.2+ only
    });
  });

  it('stops with TLS_CONFIG_INVALID on half a configuration from the environment, never plain HTTP', async () => {
    const { startDashboardServer } = await import('../src/dashboard-server');
    process.env.VIGIE_TLS_CERT = ca.serverCert;
    try {
      await expect(
        startDashboardServer({ port: 0, host: '127.0.0.1', monitoringPort: 8086, logger: createLogger('test', 'silent') }),
      ).rejects.toMatchObject({
        code: 'TLS_CONFIG_INVALID',
      });
    } finally {
      delete process.env.VIGIE_TLS_CERT;
    }
  });
});
