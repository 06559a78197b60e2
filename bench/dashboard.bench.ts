/**
 * npm run bench:dashboard [-- --loads 5] [--seconds 30] [--assets 50] [--offset 170]
 *   node --import tsx bench/dashboard.bench.ts
 * The factory dashboard as a browser sees it (issue 8). Builds the dashboard from the working tree into a temporary
 * directory, starts the embedded platform in this process on port offset --offset (default 170; services on
 * 8081+offset…, the dashboard on 3000+offset, the demo plant's OPC UA server on 4840+offset) serving that build, with
 * the demo plant running as `vigie start` runs it (14 machines; ingestion waits for its server, so it cannot be left
 * out), then drives Debian's Chromium (playwright-core, headless, 1280×800):
 *  - first_render_ms: median over --loads cold loads (fresh context, empty cache) of `/` of the time from navigation
 *    start (performance.now() = 0) to the first moment the overview's root (data-testid="page-overview") holds an
 *    asset card (data-testid="asset-card"), seen by a MutationObserver installed before the page's scripts;
 *  - js_gzip_kb: the JavaScript the first cold load fetched (every .js response until 1 s after `load`), each body
 *    gzipped with zlib level 9, summed, in KiB (1024 bytes);
 *  - dropped_frames: the overview shown for --seconds while --assets assets update at 1 Hz each; a dropped frame is a
 *    gap of more than 50 ms between two requestAnimationFrame callbacks (3 vsyncs at 60 Hz). Long animation frames
 *    (PerformanceObserver 'long-animation-frame') are printed beside it, with the events published and the WebSocket
 *    messages the page received during the window (a probe installed before the page's scripts counts them).
 * The 1 Hz load is SYNTHESISED, said plainly: the demo plant has 14 machines whose cards change every few seconds, so
 * the bench adds BENCH-001…BENCH-050 by publishing real `rul-predictions` events on the platform's bus, one asset every
 * 1000/assets ms (each asset once a second), which the monitoring service turns into WebSocket `rul` and `asset`
 * messages as it does for the plant's (see bench/support/asset-load.ts). The overview then shows 14 + 50 assets. Targets: first render ≤ 1.5 s, ≤ 400 KB
 * gzip, 0 dropped frames. Last line: JSON {"first_render_ms","js_gzip_kb","dropped_frames"}.
 * Authentication is on, as `vigie start` runs it: the bench signs in first as `admin` (the password the first run
 * prints) through the issuer's login page; each cold load then runs in a fresh context (empty HTTP cache) holding that
 * tab's tokens (sessionStorage, as a reload keeps them), so first_render_ms is measured AFTER sign-in and excludes the
 * sign-in redirects; REST calls of the bench carry the admin's token.
 * Bad arguments: `BENCH_ARGUMENT_INVALID: message` on stderr, exit 2.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICES } from '@vigie/contracts';
import { silentLogger } from '@vigie/service-kit';
import { buildDashboard, launchChromium, openSignedIn } from '../test/e2e/browser';
import { UserSession } from '../test/e2e/support';
import { createAssetLoad } from './support/asset-load';
import {
  coldLoad,
  DROPPED_FRAME_MS,
  median,
  OVERVIEW_READY,
  signedInTab,
  watchFrames,
  WS_MESSAGE_PROBE,
  type ColdLoad,
} from './support/dashboard-measures';

interface Options {
  loads: number;
  seconds: number;
  assets: number;
  offset: number;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { loads: 5, seconds: 30, assets: 50, offset: 170 };
  const limits: Record<keyof Options, [number, number]> = { loads: [1, 50], seconds: [1, 600], assets: [1, 500], offset: [1, 20_000] };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '') as keyof Options;
    const value = Number(argv[i + 1]);
    const range = limits[key];
    if (!range) throw new Error(`unknown option ${argv[i]} (expected --loads, --seconds, --assets, --offset)`);
    if (!Number.isInteger(value) || value < range[0] || value > range[1])
      throw new Error(`--${key} must be an integer in [${range[0]}, ${range[1]}], not ${argv[i + 1]}`);
    opts[key] = value;
  }
  return opts;
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  process.stderr.write(`bench: gave up waiting for ${what} after ${timeoutMs / 1000} s\n`);
  return false;
}

const getJson = async <T>(url: string, token: string): Promise<T> => {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as T;
};

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
/** The machine is often shared (CI, other jobs): its load is printed beside the figures it weighs on. */
const machine = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} on ${availableParallelism()} CPUs`;
/** A loaded machine can take long to serve the first page; the timings are printed, the timeout only stops a hang. */
const READY_TIMEOUT_MS = 120_000;

async function main(): Promise<void> {
  let opts: Options;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`BENCH_ARGUMENT_INVALID: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const work = mkdtempSync(path.join(tmpdir(), 'vigie-bench-dashboard-'));
  // However the bench ends (an error, a signal), the build and the platform's data go.
  process.once('exit', () => rmSync(work, { recursive: true, force: true }));
  const dist = path.join(work, 'dist');
  let t = Date.now();
  buildDashboard(dist);
  console.log(`dashboard built in ${((Date.now() - t) / 1000).toFixed(1)} s → ${dist}`);

  // The dashboard server reads VIGIE_DASHBOARD_DIST when its module loads: set it before importing the platform.
  process.env.VIGIE_DASHBOARD_DIST = dist;
  const { loadSettings, startEmbedded, dashboardPort, serviceUrl } = await import('../apps/platform/src/index');
  const settings = loadSettings(
    { VIGIE_PORT_OFFSET: String(opts.offset), VIGIE_DATA_DIR: path.join(work, 'data'), VIGIE_HOST: '127.0.0.1' },
    {},
  );
  t = Date.now();
  let banner = '';
  const platform = await startEmbedded(settings, silentLogger(), { print: (text) => (banner += text) });
  const base = `http://localhost:${dashboardPort(settings)}`;
  const password = /password: (\S+)/.exec(banner)?.[1];
  if (!password) throw new Error('the first run printed no admin password (is VIGIE_AUTH=off set?)');
  const admin = { dashboard: base, issuer: settings.auth.issuerUrl, user: 'admin', password };
  const session = new UserSession(admin.issuer, base, admin.user, password);
  const monitoring = serviceUrl(settings, 'monitoring');
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  const load = createAssetLoad(platform.services.get('rul-prediction')!, opts.assets);
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await load.stop();
      await browser?.close();
      await platform.stop();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  try {
    console.log(`machine: ${machine()}`);
    console.log(`embedded platform up in ${((Date.now() - t) / 1000).toFixed(1)} s, dashboard at ${base}`);
    // A first start trains the simulator-bootstrapped RUL model in the background: let it finish before timing pages.
    t = Date.now();
    const trained = await waitUntil(
      'the bootstrap RUL model',
      async () =>
        (
          await getJson<{ models: { kind: string }[] }>(
            `${serviceUrl(settings, 'rul-prediction')}/api/v1/rul/models`,
            await session.token(),
          )
        ).models.some((m) => m.kind !== 'exponential-trend'),
      240_000,
    );
    console.log(`bootstrap RUL model ${trained ? 'trained' : 'NOT trained'} after ${((Date.now() - t) / 1000).toFixed(1)} s`);

    await load.round();
    await waitUntil(
      `${opts.assets} bench assets in the monitoring service`,
      async () =>
        (
          await getJson<{ assets: { id: string }[] }>(`${monitoring}${SERVICES.monitoring.prefix}/assets`, await session.token())
        ).assets.filter((a) => a.id.startsWith('BENCH-')).length >= opts.assets,
      30_000,
    );

    browser = await launchChromium();
    const signIn = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    t = Date.now();
    const tab = await signedInTab(await signIn.newPage(), (page) => openSignedIn(page, '/', admin, READY_TIMEOUT_MS));
    await signIn.close();
    console.log(
      `signed in as admin through the issuer's login page in ${((Date.now() - t) / 1000).toFixed(1)} s (not part of the figures)`,
    );
    const loads: ColdLoad[] = [];
    for (let i = 0; i < opts.loads; i++) loads.push(await coldLoad(browser, `${base}/`, READY_TIMEOUT_MS, tab));
    const firstRender = median(loads.map((l) => l.firstRenderMs));
    const js = loads[0]!.js;
    const jsBytes = [...js.values()].reduce((a, b) => a + b, 0);
    console.log(
      `first render after sign-in (${opts.loads} cold loads of a signed-in tab): ${loads.map((l) => Math.round(l.firstRenderMs)).join(', ')} ms → median ${Math.round(firstRender)} ms`,
    );
    console.log(`JS of the first page: ${js.size} files, ${kb(jsBytes)} KiB gzip (level 9)`);
    for (const [url, bytes] of [...js.entries()].sort((a, b) => b[1] - a[1]))
      console.log(`  ${kb(bytes).toFixed(1).padStart(7)} KiB  ${new URL(url).pathname}`);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(tab.script);
    await page.addInitScript(WS_MESSAGE_PROBE);
    await page.goto(`${base}/`);
    await page.waitForSelector(OVERVIEW_READY, { timeout: READY_TIMEOUT_MS });
    load.start();
    await page.waitForTimeout(2000); // the load reaches its pace before frames count
    const frames = await watchFrames(page, opts.seconds);
    await load.stop();
    await context.close();
    const published = load.publishedBetween(frames.startedAt, frames.endedAt);
    console.log(
      `live load: ${opts.assets} assets at 1 Hz for ${opts.seconds} s (synthesised rul-predictions events on the bus): ` +
        `${published} events published during the window (pace: ${opts.assets * opts.seconds}; ${load.skipped()} skipped by a lagging process), ` +
        `${frames.wsMessages} WebSocket messages received by the page, ${frames.assetCards} asset cards on the page`,
    );
    console.log(
      `frames: ${frames.frames}, dropped (gap > ${DROPPED_FRAME_MS} ms between requestAnimationFrame callbacks): ${frames.dropped}, ` +
        `p99 gap ${frames.p99GapMs.toFixed(1)} ms, max gap ${frames.maxGapMs.toFixed(1)} ms, long animation frames: ${frames.longAnimationFrames < 0 ? 'unsupported' : frames.longAnimationFrames}`,
    );
    console.log(`machine: ${machine()}`);
    console.log('targets: first render ≤ 1500 ms, JS ≤ 400 KB gzip, 0 dropped frames');
    // A frame count under a load that did not happen means nothing: say so rather than print a figure.
    const delivered = published >= 0.9 * opts.assets * opts.seconds;
    if (!delivered)
      console.error(`BENCH_LOAD_NOT_DELIVERED: ${published} of ${opts.assets * opts.seconds} events in the window; dropped_frames is null`);
    console.log(
      JSON.stringify({
        first_render_ms: Math.round(firstRender),
        js_gzip_kb: kb(jsBytes),
        dropped_frames: delivered ? frames.dropped : null,
      }),
    );
    if (!delivered) process.exitCode = 1;
  } finally {
    await cleanUp();
  }
}

await main();
