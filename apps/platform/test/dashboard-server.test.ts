import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '@vigie/service-kit';

// The dashboard server serves VIGIE_DASHBOARD_DIST (read when the module loads): a throw-away build here.
const dist = mkdtempSync(path.join(tmpdir(), 'vigie-dashboard-dist-'));
mkdirSync(path.join(dist, 'assets'));
writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');

describe('dashboard server', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    process.env.VIGIE_DASHBOARD_DIST = dist;
    const { startDashboardServer } = await import('../src/dashboard-server');
    app = await startDashboardServer({ port: 0, host: '127.0.0.1', monitoringPort: 8086, logger: createLogger('test', 'silent') });
  });
  afterAll(async () => {
    await app.close();
    delete process.env.VIGIE_DASHBOARD_DIST;
  });

  it('answers deep links of the browser router with index.html, so a reload works on every page', async () => {
    for (const url of ['/', '/assets/P-101', '/work-orders/abc?status=requested', '/map/Lyon%20plant']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('serves files and keeps a missing file a 404 with a stable code', async () => {
    expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).body).toBe('console.log(1)');
    const missing = await app.inject({ method: 'GET', url: '/assets/missing.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await app.inject({ method: 'POST', url: '/assets/P-101' })).statusCode).toBe(404);
  });

  it('tells the browser where the monitoring gateway is, on the host it used', async () => {
    const res = await app.inject({ method: 'GET', url: '/config.json', headers: { host: 'plant-pc:3000' } });
    expect(res.json()).toEqual({ monitoringUrl: 'http://plant-pc:8086', wsUrl: 'ws://plant-pc:8086/ws/monitoring' });
  });

  it('names the issuer the browser signs in with when given one (what the distributed profile passes)', async () => {
    const { startDashboardServer } = await import('../src/dashboard-server');
    const auth = { issuer: 'https://kc.plant/realms/vigie', clientId: 'vigie-dashboard', scope: 'openid vigie.api' };
    const secured = await startDashboardServer({
      port: 0,
      host: '127.0.0.1',
      monitoringPort: 8086,
      logger: createLogger('test', 'silent'),
      auth,
      tls: null,
    });
    try {
      const res = await secured.inject({ method: 'GET', url: '/config.json', headers: { host: 'plant-pc:3000' } });
      expect(res.json()).toEqual({ monitoringUrl: 'http://plant-pc:8086', wsUrl: 'ws://plant-pc:8086/ws/monitoring', auth });
    } finally {
      await secured.close();
    }
  });
});

describe('dashboard build freshness', () => {
  it('rebuilds when the bundle is missing or older than a source file, not otherwise', async () => {
    const { dashboardSourcesNewer } = await import('../src/dashboard-server');
    const empty = mkdtempSync(path.join(tmpdir(), 'vigie-dashboard-none-'));
    expect(dashboardSourcesNewer(empty)).toBe(true); // no index.html
    const fresh = mkdtempSync(path.join(tmpdir(), 'vigie-dashboard-fresh-'));
    writeFileSync(path.join(fresh, 'index.html'), '<div id="root"></div>');
    const future = new Date(Date.now() + 3_600_000);
    utimesSync(path.join(fresh, 'index.html'), future, future);
    expect(dashboardSourcesNewer(fresh)).toBe(false); // built after every source
    const past = new Date(Date.UTC(2000, 0, 1));
    utimesSync(path.join(fresh, 'index.html'), past, past);
    expect(dashboardSourcesNewer(fresh)).toBe(true); // sources changed since
  });
});
