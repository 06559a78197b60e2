import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES } from '@vigie/contracts';
import { buildDashboard, launchChromium } from './browser';
import { allUp, spawnVigie, stopProcess, tempDir, waitFor } from './support';

// VIGIE_AUTH=embedded: the platform runs its own OIDC issuer; the dashboard signs in with authorization code + PKCE.
// Fixed test ports stay below 32768, where Linux starts its ephemeral range (32768–60999): a port in that range can be
// held at that moment as the local end of an outgoing connection (Kafka, PostgreSQL, HTTP), and listening fails with
// EADDRINUSE (seen once in CI on 127.0.0.1:34000 with the former offset 31_000).
const OFFSET = 21_000;
const DASHBOARD = `http://localhost:${3000 + OFFSET}`;
const ISSUER = `http://localhost:${8088 + OFFSET}`;
const MONITORING = `http://127.0.0.1:${8086 + OFFSET}`;

describe('dashboard SSO against the embedded OIDC issuer', () => {
  let platform: ChildProcess;
  let browser: Browser | undefined;
  const dataDir = tempDir('vigie-e2e-sso-');
  const logFile = path.join(dataDir, 'platform.log');

  const dist = path.join(dataDir, 'dashboard-dist');

  beforeAll(() => {
    buildDashboard(dist); // the working tree's dashboard, with its auth gate
    platform = spawnVigie(
      ['start'],
      {
        VIGIE_AUTH: 'embedded',
        VIGIE_PORT_OFFSET: String(OFFSET),
        VIGIE_DATA_DIR: dataDir,
        XDG_CONFIG_HOME: dataDir,
        VIGIE_DASHBOARD_DIST: dist,
      },
      logFile,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await stopProcess(platform);
  });

  it('signs in with the printed admin password, shows live data, calls the API, and logs out', async () => {
    await waitFor('all services UP', () => allUp(SERVICE_NAMES, OFFSET), 120_000);
    await waitFor('the dashboard', async () => (await fetch(DASHBOARD).catch(() => null))?.ok, 60_000);
    const password = await waitFor('the first-run banner', async () => /password: (\S+)/.exec(readFileSync(logFile, 'utf8'))?.[1], 30_000);
    expect(readFileSync(logFile, 'utf8').split('VIGIE FIRST RUN').length).toBe(2); // printed once
    // The API refuses an anonymous caller.
    expect((await fetch(`${MONITORING}/api/v1/monitoring/services`)).status).toBe(401);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    const apiStatuses: number[] = [];
    page.on('response', (r) => {
      if (r.url().startsWith(`http://localhost:${8086 + OFFSET}/api/v1/`) && r.request().method() !== 'OPTIONS')
        apiStatuses.push(r.status());
    });

    // Not signed in: the dashboard sends the browser to the issuer's sign-in page.
    await page.goto(DASHBOARD);
    await page.waitForURL(`${ISSUER}/interaction/**`, { timeout: 30_000 });
    await page.fill('#username', 'admin');
    await page.fill('#password', 'wrong password, surely');
    await page.click('button[type="submit"]');
    expect(await page.locator('[data-testid="login-error"]').innerText()).toBe('Invalid user or password.');
    await page.fill('#username', 'admin');
    await page.fill('#password', password);
    await page.click('button[type="submit"]');

    // Back on the dashboard, signed in: live data over the authenticated WebSocket.
    await page.waitForURL(`${DASHBOARD}/`, { timeout: 30_000 });
    await page
      .locator('[data-testid="page-overview"]')
      .waitFor({ timeout: 30_000 })
      .catch(async (err: unknown) => {
        throw new Error(
          `${(err as Error).message}\npage: ${(await page.locator('body').innerText()).slice(0, 500)}\nconsole: ${consoleLines.join('\n')}`,
        );
      });
    await page.locator('[data-testid="asset-card"]').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="user-menu"]').innerText()).toBe('admin');
    // The live data came over a WebSocket opened with the access token (the service refuses one without).
    expect(sockets.some((u) => new URL(u).searchParams.get('access_token')?.split('.').length === 3)).toBe(true);
    expect(sockets.every((u) => new URL(u).searchParams.has('access_token'))).toBe(true);
    // A page that calls the REST API through the bearer: the calls answer 2xx.
    await page.goto(`${DASHBOARD}/models`);
    await expect.poll(() => apiStatuses.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(
      apiStatuses.every((s) => s >= 200 && s < 300),
      `API statuses ${apiStatuses.join(',')}`,
    ).toBe(true);

    // Logout: end-session at the issuer (confirm), then back to the sign-in page when opening the dashboard.
    await page.locator('[data-testid="user-menu"]').click();
    await page.locator('[data-testid="logout"]').click();
    await page.waitForURL(`${ISSUER}/session/end**`, { timeout: 30_000 });
    await page.locator('button[name="logout"]').click();
    await page.waitForURL(`${DASHBOARD}/**`, { timeout: 30_000 });
    await page.waitForURL(`${ISSUER}/interaction/**`, { timeout: 30_000 });
    expect(await page.locator('#password').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
