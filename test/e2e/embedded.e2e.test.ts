import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES } from '@vigie/contracts';
import { buildDashboard, launchChromium, openSignedIn } from './browser';
import {
  allUp,
  baseUrl,
  chainComplete,
  firstRunPassword,
  getJson,
  ROOT,
  spawnVigie,
  stopProcess,
  tempDir,
  UserSession,
  waitFor,
} from './support';

// The README's start command, as a user runs it (authentication on: the default), on ports shifted so it can run
// beside a platform already up. The user signs in as `admin` with the password the first run prints.
// Fixed test ports stay below 32768, where Linux starts its ephemeral range (32768–60999): a port in that range can be
// held at that moment as the local end of an outgoing connection (Kafka, PostgreSQL, HTTP), and listening fails with
// EADDRINUSE (seen once in CI on 127.0.0.1:34000 with the former offset 31_000).
const OFFSET = 20_000;
const DASHBOARD = `http://127.0.0.1:${3000 + OFFSET}`;
const ISSUER = `http://localhost:${8088 + OFFSET}`;
const SCREENSHOTS = path.join(ROOT, 'test-results');

describe('embedded profile: `vigie start` runs the whole seed pipeline on the demo plant', () => {
  let platform: ChildProcess;
  let browser: Browser | undefined;
  const dataDir = tempDir('vigie-e2e-embedded-');
  const logFile = path.join(dataDir, 'platform.log');
  const dist = path.join(dataDir, 'dashboard-dist');
  let started = Date.now();
  let session: UserSession;

  beforeAll(() => {
    // The working tree's dashboard, built apart: the shared apps/factory-dashboard/dist is not rebuilt under other tests.
    buildDashboard(dist);
    started = Date.now();
    platform = spawnVigie(
      ['start'],
      { VIGIE_PORT_OFFSET: String(OFFSET), VIGIE_DATA_DIR: dataDir, XDG_CONFIG_HOME: dataDir, VIGIE_DASHBOARD_DIST: dist },
      logFile,
    );
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stopProcess(platform);
  });

  it('brings the seven back-end services UP and the dashboard on :3000 within 90 s', async () => {
    await waitFor('all services UP', () => allUp(SERVICE_NAMES, OFFSET), 90_000);
    const page = await waitFor('the dashboard', async () => {
      const res = await fetch(DASHBOARD);
      return res.ok ? res : null;
    }, 90_000 - (Date.now() - started));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const config = await getJson(`${DASHBOARD}/config.json`);
    expect(config.body.wsUrl).toBe(`ws://127.0.0.1:${8086 + OFFSET}/ws/monitoring`);
    expect(Date.now() - started).toBeLessThan(90_000);
    // Secured by default: the dashboard signs in at the embedded issuer, and the API refuses an anonymous caller.
    expect(config.body.auth).toEqual({ issuer: ISSUER, clientId: 'vigie-dashboard' });
    expect((await getJson(`${baseUrl('monitoring', OFFSET)}/api/v1/monitoring/assets`)).status).toBe(401);
    const password = await firstRunPassword(logFile);
    expect(readFileSync(logFile, 'utf8').split('VIGIE FIRST RUN').length).toBe(2); // printed once
    session = new UserSession(ISSUER, DASHBOARD, 'admin', password);
    expect((await getJson(`${baseUrl('monitoring', OFFSET)}/api/v1/monitoring/assets`, await session.token())).status).toBe(200);
    // Monitoring describes P-101 from ingestion's asset list, which it fetched with its own client's token.
    await waitFor(
      'P-101 described by the asset list in monitoring',
      async () =>
        (await getJson(`${baseUrl('monitoring', OFFSET)}/api/v1/monitoring/assets`, await session.token())).body.assets.find(
          (a: { id: string }) => a.id === 'P-101',
        )?.type === 'centrifugal-pump',
      30_000,
    );
  });

  it('within 3 minutes the degrading pump has an anomaly, a RUL prediction and an open work order over REST', async () => {
    // The chain crosses service-to-service calls (asset types, stored features), each with the caller's own token.
    const chain = await waitFor(
      'P-101 anomaly + RUL + work order',
      async () => chainComplete('P-101', OFFSET, await session.token()),
      180_000 - (Date.now() - started),
      2000,
    );
    expect(chain.anomalies).toBeGreaterThan(0);
    expect(chain.predictions).toBeGreaterThan(0);
    expect(chain.workOrders).toBeGreaterThan(0);
  });

  it('shows them on the dashboard in a real browser', async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await openSignedIn(page, '/', { dashboard: DASHBOARD, issuer: ISSUER, user: 'admin', password: await firstRunPassword(logFile) });
    await page.locator('[data-testid="page-overview"]').waitFor({ timeout: 30_000 });
    const card = page.locator('[data-testid="asset-card"][data-asset-id="P-101"]');
    await card.locator('[data-testid="asset-rul"] strong').waitFor({ timeout: 30_000 });
    // The criticality as data, not as text: the label is translated (French or English, by the browser's language).
    await expect
      .poll(() => card.locator('[data-testid="asset-anomaly"]').getAttribute('data-criticality'), { timeout: 30_000 })
      .toMatch(/^(low|medium|high|critical)$/);
    expect(await card.locator('a').first().getAttribute('href')).toBe('/assets/P-101');
    expect(await card.locator('[data-testid="asset-rul"]').innerText()).toMatch(/\d.* h/);
    expect(await card.getAttribute('data-status')).toMatch(/warning|alarm/);
    await page.locator('[data-testid="work-order-row"] td[title="P-101"]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="work-order-row"] a[href^="/work-orders/"]').count()).toBeGreaterThan(0);
    const up = await page.locator('[data-testid="services-up"]').innerText();
    expect(up).toContain('7/7');
    mkdirSync(SCREENSHOTS, { recursive: true });
    const shot = path.join(SCREENSHOTS, 'dashboard-embedded.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.info(`dashboard screenshot: ${shot}`);
    expect(errors).toEqual([]);
  });

  it('answers a malformed REST body with 400 and a stable code', async () => {
    const res = await fetch(`${baseUrl('maintenance-orchestrator', OFFSET)}/api/v1/work-orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await session.headers()) },
      body: JSON.stringify({ title: '' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });
});
