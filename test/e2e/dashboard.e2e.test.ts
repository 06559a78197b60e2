import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalWorkOrderTransitions, SERVICE_NAMES, type WorkOrder, type WorkOrderStatus } from '@vigie/contracts';
import { commonMessages } from '../../apps/factory-dashboard/src/i18n/common';
import { LANGUAGE_STORAGE_KEY } from '../../apps/factory-dashboard/src/i18n/i18n';
import {
  buildDashboard,
  launchChromium,
  NO_PROBLEMS,
  openSignedIn,
  problemsOf,
  watchMarker,
  watchPage,
  type MarkerReading,
  type SignInAs,
} from './browser';
import { allUp, baseUrl, firstRunPassword, getJson, ROOT, spawnVigie, stopProcess, tempDir, UserSession, waitFor } from './support';

/*
 * Issue 8's browser tests: Debian's Chromium (playwright-core) on the running embedded platform, built from the working
 * tree. Every page loads clean and stays on localhost, the plant map colours the degrading pump as it worsens, a work
 * order goes through its lifecycle from the UI, the language switch works, tablets get no horizontal scroll.
 * Screenshots of every page, and the platform's log, are kept in test-results/dashboard/. Authentication is on (the
 * default): the browser signs in as `admin` with the password the first run prints, through the issuer's login page;
 * REST calls carry a token of the same user.
 */
const OFFSET = 180;
const DASHBOARD = `http://127.0.0.1:${3000 + OFFSET}`;
const ISSUER = `http://localhost:${8088 + OFFSET}`;
const GATEWAY = baseUrl('monitoring', OFFSET);
const ORCHESTRATOR = baseUrl('maintenance-orchestrator', OFFSET);
const SHOTS = path.join(ROOT, 'test-results', 'dashboard');
/** The demo plant's degrading pump (packages/plant-simulator: bearing wear). */
const DEGRADING = 'P-101';
/**
 * Plant seconds per real second. The default (60) takes P-101 from ok to alarm about 30 s after start-up, as soon as
 * the anomaly baselines are in; half of it leaves the map time to show the healthy state first, and still degrades
 * the pump within about a minute.
 */
const SIM_ACCEL = 30;
/** How long a page gets after its root is visible for late requests and errors (live data, lazy chunks) to show. */
const SETTLE_MS = 1500;
/** Pages visited at once by the page check. */
const PAGE_CONCURRENCY = 3;
/** How long a page's root element may take to show (lazy chunk, first data) on a loaded machine. */
const ROOT_TIMEOUT_MS = 15_000;
/** How long the UI and the services get to reflect a click (a loaded 2-core machine runs seven services and Chromium). */
const POLL = { timeout: 10_000, interval: 200 };
/** Health states of a map marker, best first. */
const SEVERITY: Readonly<Record<string, number>> = { ok: 0, warning: 1, alarm: 2 };

describe('factory dashboard in Chromium on the embedded platform', () => {
  const dataDir = tempDir('vigie-e2e-dashboard-');
  const dist = path.join(dataDir, 'dashboard');
  const logFile = path.join(dataDir, 'platform.log');
  let platform: ChildProcess | undefined;
  let browser: Browser;
  let site: string;
  let otherAsset: string;
  let mapWatch: { page: Page; problems: ReturnType<typeof watchPage>; marker: ReturnType<typeof watchMarker> };
  let session: UserSession;
  let admin: SignInAs;
  /** Loads a dashboard URL as a user does (typed, bookmarked or reloaded), signed in: every route answers with the app. */
  const open = (page: Page, url: string): Promise<void> => openSignedIn(page, url, admin);
  /** The admin's bearer, for REST calls. */
  const token = (): Promise<string> => session.token();

  beforeAll(async () => {
    const t0 = Date.now();
    mkdirSync(SHOTS, { recursive: true });
    buildDashboard(dist);
    const built = Date.now();
    platform = spawnVigie(
      ['start'],
      {
        VIGIE_PORT_OFFSET: String(OFFSET),
        VIGIE_DATA_DIR: dataDir,
        XDG_CONFIG_HOME: dataDir,
        VIGIE_DASHBOARD_DIST: dist,
        VIGIE_SIM_ACCEL: String(SIM_ACCEL),
      },
      logFile,
    );
    const assets = await unlessExited(platform, logFile, async () => {
      await waitFor('all services UP', () => allUp(SERVICE_NAMES, OFFSET), 90_000);
      await waitFor('the dashboard', async () => (await fetch(DASHBOARD)).ok, 30_000);
      const password = await firstRunPassword(logFile);
      admin = { dashboard: DASHBOARD, issuer: ISSUER, user: 'admin', password };
      session = new UserSession(ISSUER, DASHBOARD, 'admin', password);
      return waitFor(
        'the demo assets in monitoring',
        async () => {
          const list = (
            await getJson<{ assets: { id: string; site: string; status: string }[] }>(`${GATEWAY}/api/v1/monitoring/assets`, await token())
          ).body.assets;
          return list.some((a) => a.id === DEGRADING) ? list : null;
        },
        30_000,
        500,
      );
    });
    site = assets.find((a) => a.id === DEGRADING)!.site;
    otherAsset = assets.find((a) => a.id !== DEGRADING)!.id;
    browser = await launchChromium();
    // The floor plan is watched from the start, while the other tests run: the pump is still healthy now.
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems = watchPage(page);
    await open(page, `/map/${encodeURIComponent(site)}`);
    mapWatch = { page, problems, marker: watchMarker(page, DEGRADING) };
    console.info(`dashboard built in ${built - t0} ms; platform up and the map open ${Date.now() - built} ms later`);
  }, 180_000);

  afterAll(async () => {
    await mapWatch?.marker.stop();
    await browser?.close();
    if (platform) await stopProcess(platform);
    // The platform's data (PGlite, bus logs: several hundred MB) goes; its log stays with the screenshots.
    if (existsSync(logFile)) copyFileSync(logFile, path.join(SHOTS, 'platform.log'));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads every page with its root visible, no console error, no request leaving localhost; keeps a screenshot of each', async () => {
    const order = await createWorkOrder(otherAsset, 'E2E page check', await token());
    const pages: [name: string, url: string, root: string][] = [
      ['overview', '/', 'page-overview'],
      ['map', '/map', 'page-map'],
      ['map-site', `/map/${encodeURIComponent(site)}`, 'page-map'],
      ['asset', `/assets/${DEGRADING}`, 'page-asset'],
      ['work-orders', '/work-orders', 'page-work-orders'],
      ['work-order', `/work-orders/${encodeURIComponent(order.id)}`, 'page-work-order'],
      ['planning', '/planning', 'page-planning'],
      ['models', '/models', 'page-models'],
      ['system', '/system', 'page-system'],
    ];
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const report: Record<string, unknown> = {};
    const loadMs: Record<string, number> = {};
    const visit = async ([name, url, root]: (typeof pages)[number]) => {
      const page = await context.newPage();
      const problems = watchPage(page);
      const start = Date.now();
      await open(page, url);
      const visible = await page
        .getByTestId(root)
        .waitFor({ state: 'visible', timeout: ROOT_TIMEOUT_MS })
        .then(() => true)
        .catch(() => false); // reported below with the page's problems, so one missing page does not hide the others
      loadMs[name] = Date.now() - start;
      await page.waitForTimeout(SETTLE_MS);
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
      report[name] = {
        url,
        rootVisible: visible,
        ...problemsOf(problems),
        ...(name === 'models' ? { scrolledTables: await scrolledTables(page) } : {}),
      };
      await page.close();
    };
    try {
      // A few tabs at a time: most of a page's load is waiting on the services, which overlaps well.
      const queue = [...pages];
      await Promise.all(
        Array.from({ length: PAGE_CONCURRENCY }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) await visit(next);
        }),
      );
    } finally {
      await context.close();
    }
    console.info(`page root visible after (ms): ${JSON.stringify(loadMs)}`);
    // At 1440 px the models' tables fit: no column (a RUL version's decision, say) hides behind a horizontal scroll.
    const clean = Object.fromEntries(
      pages.map(([name, url]) => [name, { url, rootVisible: true, ...NO_PROBLEMS, ...(name === 'models' ? { scrolledTables: [] } : {}) }]),
    );
    expect(report).toEqual(clean);
  });

  it('colours P-101 on the site floor plan as it worsens: healthy first, then worse, never healthy again', async () => {
    const { page, problems, marker } = mapWatch;
    const worse = (r: MarkerReading) => (SEVERITY[r.health] ?? -1) > SEVERITY.ok!;
    const monitoringSays = async () =>
      (await getJson<{ assets: { id: string; status: string }[] }>(`${GATEWAY}/api/v1/monitoring/assets`, await token())).body.assets.find(
        (a) => a.id === DEGRADING,
      )?.status;
    const seen = () => marker.readings.map((r) => `${r.health} (${r.colour})`).join(' → ') || 'no marker';
    await waitFor('P-101 drawn worse than ok on the floor plan', async () => marker.readings.some(worse), 150_000, 1000).catch(
      async (err: Error) => {
        throw new Error(`${err.message}; the map showed ${seen()}; monitoring says ${await monitoringSays()}`);
      },
    );
    // The map agrees with monitoring's view of the pump (both keep moving, so wait for them to meet).
    await expect
      .poll(
        async () => {
          const shown = await page.locator(`[data-testid="map-asset"][data-asset-id="${DEGRADING}"]`).getAttribute('data-health');
          return shown === (await monitoringSays());
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(true);
    await marker.stop();
    await page.screenshot({ path: path.join(SHOTS, 'map-site-degraded.png'), fullPage: true });
    const t0 = marker.readings[0]?.at ?? 0;
    console.info(
      `P-101 on the floor plan: ${marker.readings.map((r) => `${r.health} ${r.colour} at +${((r.at - t0) / 1000).toFixed(1)} s`).join(' → ')}`,
    );
    const known = marker.readings.filter((r) => r.health in SEVERITY);
    const states = known.map((r) => r.health).filter((h, i, all) => i === 0 || all[i - 1] !== h);
    expect(states[0], `states seen: ${states.join(' → ')}`).toBe('ok');
    expect(states.slice(1).length, `states seen: ${states.join(' → ')}`).toBeGreaterThan(0);
    expect(states.slice(1), `states seen: ${states.join(' → ')}`).not.toContain('ok');
    // A different state is a different colour.
    const healthy = known.find((r) => r.health === 'ok')!;
    const worst = known.find(worse)!;
    expect(healthy.colour).not.toBe('');
    expect(worst.colour).not.toBe(healthy.colour);
    expect(problemsOf(problems)).toEqual(NO_PROBLEMS);
  });

  it('moves a work order through its lifecycle from the UI, with a closure code and a comment', async () => {
    const order = await createWorkOrder(otherAsset, 'E2E lifecycle', await token());
    expect(order.status).toBe('requested');
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems = watchPage(page);
    await open(page, `/work-orders/${encodeURIComponent(order.id)}`);
    await page.getByTestId('page-work-order').waitFor({ timeout: ROOT_TIMEOUT_MS });

    let status: WorkOrderStatus = 'requested';
    for (const next of ['approved', 'planned', 'assigned', 'in_progress'] as const) {
      await expectOnlyLegalTransitions(page, status);
      await page.getByTestId(`transition-${next}`).click();
      await expectStatus(page, order.id, next, token);
      status = next;
    }
    await expectOnlyLegalTransitions(page, status);
    await page.getByTestId('transition-done').click();
    await chooseClosureCode(page, 'part_replaced');
    await expectStatus(page, order.id, 'done', token);
    expect((await readWorkOrder(order.id, await token())).closureCode).toBe('part_replaced');
    await expectOnlyLegalTransitions(page, 'done');

    const text = `Roulement remplacé, essai OK (${Date.now()})`;
    await page.getByTestId('comment-input').fill(text);
    await page.getByTestId('comment-submit').click();
    await expect.poll(async () => (await readWorkOrder(order.id, await token())).comments?.map((c) => c.text) ?? [], POLL).toContain(text);
    await page.getByTestId('comment').filter({ hasText: text }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('work-order-status').getAttribute('data-status')).toBe('done');
    // Signed in, the page acts as the user and the orchestrator records the token's name, not a typed one.
    expect(await page.getByTestId('acting-as').innerText()).toContain('admin');
    expect((await readWorkOrder(order.id, await token())).comments?.find((c) => c.text === text)?.author).toBe('admin');
    const audit = await getJson<{ entries: { actor: string; what: string }[] }>(
      `${ORCHESTRATOR}/api/v1/work-orders/${encodeURIComponent(order.id)}/audit`,
      await token(),
    );
    const statusActors = audit.body.entries.filter((e) => e.what === 'status').map((e) => e.actor);
    expect(statusActors.length).toBeGreaterThanOrEqual(5); // the five transitions clicked above
    expect(new Set(statusActors)).toEqual(new Set(['admin']));
    await page.screenshot({ path: path.join(SHOTS, 'work-order-done.png'), fullPage: true });
    await page.close();
    expect(problemsOf(problems)).toEqual(NO_PROBLEMS);
  });

  it('switches the language FR ↔ EN: labels, <html lang>, and the choice survives a reload', async () => {
    // A French browser: the dashboard starts in French (the specification's language).
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const problems = watchPage(page);
    const nav = page.getByTestId('nav-work-orders');
    const lang = () => page.evaluate(() => document.documentElement.lang);
    const overviewText = () => page.getByTestId('page-overview').innerText();
    try {
      await open(page, '/');
      await page.getByTestId('page-overview').waitFor({ timeout: ROOT_TIMEOUT_MS });
      await expect.poll(() => nav.innerText(), POLL).toBe(commonMessages.fr['nav.work-orders']);
      expect(await lang()).toBe('fr');
      const french = await overviewText();

      await page.getByTestId('language-switch').getByTestId('language-en').click();
      await expect.poll(() => nav.innerText(), POLL).toBe(commonMessages.en['nav.work-orders']);
      expect(await lang()).toBe('en');
      expect(await page.evaluate((key) => localStorage.getItem(key), LANGUAGE_STORAGE_KEY)).toBe('en');
      expect(await overviewText()).not.toBe(french);
      await page.screenshot({ path: path.join(SHOTS, 'overview-en.png'), fullPage: true });

      await page.reload();
      await page.getByTestId('page-overview').waitFor({ timeout: ROOT_TIMEOUT_MS });
      await expect.poll(() => nav.innerText(), POLL).toBe(commonMessages.en['nav.work-orders']);
      expect(await lang()).toBe('en');

      await page.getByTestId('language-switch').getByTestId('language-fr').click();
      await expect.poll(() => nav.innerText(), POLL).toBe(commonMessages.fr['nav.work-orders']);
      expect(await lang()).toBe('fr');
      expect(await page.evaluate((key) => localStorage.getItem(key), LANGUAGE_STORAGE_KEY)).toBe('fr');
    } finally {
      await context.close();
    }
    expect(problemsOf(problems)).toEqual(NO_PROBLEMS);
  });

  it('fits a 768×1024 tablet: no horizontal page scroll on the overview and the work orders (list and board)', async () => {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: false });
    const overflow: Record<string, { scrollWidth: number; clientWidth: number }> = {};
    try {
      for (const [name, url, root] of [
        ['overview', '/', 'page-overview'],
        ['work-orders', '/work-orders', 'page-work-orders'],
      ] as const) {
        const page = await context.newPage();
        await open(page, url);
        await page.getByTestId(root).waitFor({ timeout: ROOT_TIMEOUT_MS });
        await page.waitForTimeout(SETTLE_MS);
        const measure = () =>
          page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
        overflow[name] = await measure();
        await page.screenshot({ path: path.join(SHOTS, `tablet-${name}.png`), fullPage: true });
        if (name === 'work-orders') {
          // The board's seven status columns are wider than a tablet: they must scroll inside their box, not the page.
          await page.getByTestId('view-board').click();
          await page.getByTestId('work-order-board').waitFor({ timeout: ROOT_TIMEOUT_MS });
          overflow['work-orders board'] = await measure();
          await page.screenshot({ path: path.join(SHOTS, 'tablet-work-orders-board.png'), fullPage: true });
        }
        await page.close();
      }
    } finally {
      await context.close();
    }
    for (const [name, { scrollWidth, clientWidth }] of Object.entries(overflow)) {
      expect(scrollWidth, `${name}: page ${scrollWidth} px wide in a ${clientWidth} px viewport`).toBeLessThanOrEqual(clientWidth);
    }
  });
});

/** Runs `startUp`, failing at once with the platform's fatal log lines if the platform exits meanwhile. */
async function unlessExited<T>(platform: ChildProcess, logFile: string, startUp: () => Promise<T>): Promise<T> {
  const fatal = () => {
    const lines = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => /"level":(50|60)/.test(l));
    return `the platform exited during start-up (${platform.exitCode ?? platform.signalCode}); last errors in ${logFile}:\n${lines.slice(-3).join('\n')}`;
  };
  if (platform.exitCode !== null || platform.signalCode !== null) throw new Error(fatal());
  let onExit = () => {};
  const exited = new Promise<never>((_resolve, reject) => {
    onExit = () => reject(new Error(fatal()));
    platform.once('close', onExit); // 'close': its output is flushed to the log by then
  });
  try {
    return await Promise.race([startUp(), exited]);
  } finally {
    platform.off('close', onExit);
  }
}

/** A manual work order, created as a client does: POST through the gateway (monitoring forwards it to its owner). */
async function createWorkOrder(assetId: string, title: string, token: string): Promise<WorkOrder> {
  const res = await fetch(`${GATEWAY}/api/v1/work-orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ assetId, title, description: 'Created by the dashboard browser test', priority: 'P3', actor: 'e2e' }),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await res.json()) as WorkOrder;
  if (res.status !== 201) throw new Error(`POST /api/v1/work-orders through the gateway answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** The order as its owner (the orchestrator) has it, comments included. */
async function readWorkOrder(id: string, token: string): Promise<WorkOrder> {
  const { status, body } = await getJson<WorkOrder>(`${ORCHESTRATOR}/api/v1/work-orders/${encodeURIComponent(id)}`, token);
  if (status !== 200) throw new Error(`GET work order ${id}: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** The orchestrator has the order in `status`, and the page shows it (`work-order-status`'s `data-status`). */
async function expectStatus(page: Page, id: string, status: WorkOrderStatus, token: () => Promise<string>): Promise<void> {
  await expect.poll(async () => (await readWorkOrder(id, await token())).status, POLL).toBe(status);
  await expect.poll(() => page.getByTestId('work-order-status').getAttribute('data-status'), POLL).toBe(status);
}

/** The page offers exactly the legal next statuses of the state machine, no more, no fewer. */
async function expectOnlyLegalTransitions(page: Page, status: WorkOrderStatus): Promise<void> {
  const legal = legalWorkOrderTransitions(status)
    .map((s) => `transition-${s}`)
    .sort();
  await expect
    .poll(
      async () =>
        (
          await page.locator('[data-testid^="transition-"]:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))
        ).sort(),
      {
        timeout: 10_000,
      },
    )
    .toEqual(legal);
}

/** Closing an order asks for a closure code: pick one in the `closure-code` select and confirm the dialog. */
async function chooseClosureCode(page: Page, code: string): Promise<void> {
  const select = page.getByTestId('closure-code');
  await select.waitFor({ timeout: 10_000 });
  const confirm = page.getByTestId('transition-confirm');
  expect(await confirm.isDisabled(), 'confirming without a closure code').toBe(true);
  await select.selectOption(code);
  await confirm.click();
}

/** Tables of the page wider than their container (scrolled sideways), named by their model or by their position. */
async function scrolledTables(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.MuiTableContainer-root')].flatMap((c, i) =>
      c.scrollWidth > c.clientWidth + 1
        ? [`${c.closest('[data-model]')?.getAttribute('data-model') ?? `table ${i}`}: ${c.scrollWidth} > ${c.clientWidth} px`]
        : [],
    ),
  );
}
