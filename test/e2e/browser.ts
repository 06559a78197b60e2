import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './support';

/** Debian's Chromium, headless, with its own background traffic (updates, sync, safe browsing) off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Builds the factory dashboard from the working tree into `outDir` (Vite), so the test runs the current sources and
 * never touches the shared apps/factory-dashboard/dist. The platform serves it with VIGIE_DASHBOARD_DIST.
 */
export function buildDashboard(outDir: string): void {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
    cwd: path.join(ROOT, 'apps', 'factory-dashboard'),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`vite build of the dashboard failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a URL the page asked for stays on this machine (data: and blob: URLs never leave the browser). */
export function isLocalUrl(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  return LOCAL_HOSTS.has(u.hostname);
}

/** What went wrong on a page, gathered from the browser's own events; all lists empty = a clean page. */
export interface PageProblems {
  /** `console.error` calls, including Chromium's "Failed to load resource" lines. */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections (`pageerror`). */
  pageErrors: string[];
  /** HTTP and WebSocket requests to any host other than localhost/127.0.0.1. */
  foreignRequests: string[];
  /** Requests that failed at the network level (aborted ones excepted: unmounting a view cancels its fetches). */
  failedRequests: string[];
  /** Answers with an HTTP status ≥ 400. */
  errorResponses: string[];
  /** Every URL requested, for the report of a failure. */
  requested: string[];
}

/** Starts recording a page's problems; call before the first `goto`. */
export function watchPage(page: Page): PageProblems {
  const p: PageProblems = { consoleErrors: [], pageErrors: [], foreignRequests: [], failedRequests: [], errorResponses: [], requested: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') p.consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => p.pageErrors.push(e.stack ?? e.message));
  page.on('request', (r) => {
    p.requested.push(`${r.method()} ${r.url()}`);
    if (!isLocalUrl(r.url())) p.foreignRequests.push(r.url());
  });
  page.on('websocket', (ws) => {
    p.requested.push(`WS ${ws.url()}`);
    if (!isLocalUrl(ws.url())) p.foreignRequests.push(ws.url());
  });
  page.on('requestfailed', (r) => {
    const failure = r.failure()?.errorText ?? 'failed';
    if (!failure.includes('ERR_ABORTED')) p.failedRequests.push(`${r.method()} ${r.url()}: ${failure}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) p.errorResponses.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return p;
}

/** The problems without the request log, for `expect(...).toEqual(NO_PROBLEMS)` with a readable diff. */
export function problemsOf(p: PageProblems): Omit<PageProblems, 'requested'> {
  const { requested: _requested, ...problems } = p;
  return problems;
}

export const NO_PROBLEMS: Omit<PageProblems, 'requested'> = {
  consoleErrors: [],
  pageErrors: [],
  foreignRequests: [],
  failedRequests: [],
  errorResponses: [],
};

/** One reading of a watched marker: its `data-health` and the colour it is drawn with. */
export interface MarkerReading {
  readonly health: string;
  readonly colour: string;
  readonly at: number;
}

/**
 * Polls a map marker (`[data-testid="map-asset"][data-asset-id=…]`) every `intervalMs` while other tests run, keeping
 * each change of its `data-health` or colour. The colour is the marker's own fill/background, else the first
 * descendant's that is not transparent (Leaflet draws circle markers as SVG paths, div icons as HTML).
 */
export function watchMarker(page: Page, assetId: string, intervalMs = 500): { readings: MarkerReading[]; stop: () => Promise<void> } {
  const readings: MarkerReading[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const r = await page
        .evaluate((id) => {
          const el = document.querySelector(`[data-testid="map-asset"][data-asset-id="${CSS.escape(id)}"]`);
          if (!el) return null;
          const paint = (e: Element): string | null => {
            const cs = getComputedStyle(e);
            const c = e instanceof SVGElement ? cs.fill : cs.backgroundColor; // HTML elements compute a meaningless black fill
            return c && c !== 'none' && c !== 'transparent' && c !== 'rgba(0, 0, 0, 0)' ? c : null;
          };
          let colour = paint(el);
          for (const child of el.querySelectorAll('*')) colour ??= paint(child);
          return { health: el.getAttribute('data-health') ?? '', colour: colour ?? '' };
        }, assetId)
        .catch(() => null); // the page is navigating or closing: try again on the next tick
      if (r) {
        const last = readings.at(-1);
        if (!last || last.health !== r.health || last.colour !== r.colour) readings.push({ ...r, at: Date.now() });
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    readings,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/** Who signs in, where: the dashboard's origin, the issuer's, and the user's name and password. */
export interface SignInAs {
  readonly dashboard: string;
  readonly issuer: string;
  readonly user: string;
  readonly password: string;
}

/**
 * Opens a dashboard URL as a signed-in user does (authentication is on by default): the dashboard sends an anonymous
 * tab to the issuer, whose login form is filled in when the browser context has no session there yet; with one, the
 * issuer sends the tab straight back (single sign-on), as it does for a second tab. Resolves once the app shell shows
 * the user menu, back on `url` (the dashboard returns to the page asked for).
 */
export async function openSignedIn(page: Page, url: string, as: SignInAs, timeoutMs = 30_000): Promise<void> {
  await page.goto(`${as.dashboard}${url}`);
  const form = page.locator('#password');
  const signedIn = page.getByTestId('user-menu');
  await form.or(signedIn).first().waitFor({ timeout: timeoutMs });
  if (await form.isVisible()) {
    await page.fill('#username', as.user);
    await page.fill('#password', as.password);
    await page.click('button[type="submit"]');
    await signedIn.waitFor({ timeout: timeoutMs });
  }
  const want = new URL(url, as.dashboard);
  await page.waitForURL((u) => u.origin === want.origin && u.pathname === want.pathname, { timeout: timeoutMs });
}
