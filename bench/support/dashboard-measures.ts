import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';

/** The overview has rendered meaningfully once its root holds at least one asset card. */
export const OVERVIEW_READY = '[data-testid="page-overview"] [data-testid="asset-card"]';
/** A frame is dropped when the gap between two requestAnimationFrame callbacks exceeds this (3 vsyncs at 60 Hz). */
export const DROPPED_FRAME_MS = 50;

/**
 * Runs in the page before its own scripts: a MutationObserver notes `performance.now()` (ms since the navigation
 * started) the first time the overview holds an asset card, in `window.__vigieFirstRender`.
 */
const FIRST_RENDER_PROBE = `(() => {
  const seen = () => document.querySelector(${JSON.stringify(OVERVIEW_READY)}) !== null;
  const observer = new MutationObserver(() => {
    if (window.__vigieFirstRender === undefined && seen()) {
      window.__vigieFirstRender = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

/**
 * Runs in the page before its own scripts: notes the time (performance.now()) of every WebSocket message the page
 * receives, in `window.__vigieWsMessages`, so the frame window can count the messages that arrived during it.
 */
export const WS_MESSAGE_PROBE = `(() => {
  const Native = window.WebSocket;
  window.__vigieWsMessages = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => window.__vigieWsMessages.push(performance.now()));
    }
  };
})();`;

export interface ColdLoad {
  readonly firstRenderMs: number;
  /** Gzip (zlib level 9) bytes of each JavaScript response of the load, by URL. */
  readonly js: ReadonlyMap<string, number>;
}

/**
 * A tab already signed in: the dashboard keeps the user's tokens in the tab's sessionStorage (oidc-client-ts), which a
 * reload keeps. `script` puts them back before the page's scripts run, in a fresh context, so a cold load (empty
 * HTTP cache) measures the overview's first render of a signed-in user, not the sign-in redirects.
 */
export interface SignedInTab {
  readonly script: string;
}

/** Signs in on `page` with `signIn` (it ends on the dashboard, signed in), then keeps its sessionStorage for `coldLoad`. */
export async function signedInTab(page: Page, signIn: (page: Page) => Promise<void>): Promise<SignedInTab> {
  await signIn(page);
  const entries = (await page.evaluate('Object.entries(window.sessionStorage)')) as [string, string][];
  if (!entries.some(([key]) => key.startsWith('oidc.user:'))) throw new Error('signed in, but no oidc.user entry in sessionStorage');
  const origin = new URL(page.url()).origin;
  return {
    script: `if (location.origin === ${JSON.stringify(origin)}) for (const [k, v] of ${JSON.stringify(entries)}) sessionStorage.setItem(k, v);`,
  };
}

/**
 * One cold load of `url` in a fresh context (empty cache): time to the overview's first asset card and the JS it
 * loaded; as the tab `signedIn` when given (authentication on).
 */
export async function coldLoad(browser: Browser, url: string, timeoutMs: number, signedIn?: SignedInTab): Promise<ColdLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    if (signedIn) await page.addInitScript(signedIn.script);
    await page.addInitScript(FIRST_RENDER_PROBE);
    const js = new Map<string, number>();
    const reads: Promise<void>[] = [];
    page.on('response', (r) => {
      const type = r.request().resourceType();
      const isJs = type === 'script' || /\.m?js(\?|$)/.test(new URL(r.url()).pathname);
      if (!isJs || r.status() !== 200) return;
      reads.push(r.body().then((body) => void js.set(r.url(), gzipSync(body, { level: 9 }).length)));
    });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForSelector(OVERVIEW_READY, { timeout: timeoutMs });
    const firstRenderMs = (await page.evaluate('window.__vigieFirstRender ?? Number.NaN')) as number;
    // Chunks requested right after the first render (a lazy widget of the page) still count as the page's JS.
    await page.waitForLoadState('load');
    await page.waitForTimeout(1000);
    await Promise.all(reads);
    return { firstRenderMs, js };
  } finally {
    await context.close();
  }
}

export interface FrameStats {
  readonly frames: number;
  readonly dropped: number;
  readonly maxGapMs: number;
  readonly p99GapMs: number;
  /** Long animation frames (> 50 ms of work, PerformanceObserver 'long-animation-frame'); -1 when unsupported. */
  readonly longAnimationFrames: number;
  readonly assetCards: number;
  /** WebSocket messages the page received during the window (needs WS_MESSAGE_PROBE). */
  readonly wsMessages: number;
  /** The window, epoch ms by the browser's clock. */
  readonly startedAt: number;
  readonly endedAt: number;
}

/**
 * Runs in the page for `seconds`: the gaps between requestAnimationFrame callbacks and the long animation frames.
 * Plain JavaScript in a string: tsx would otherwise wrap its inner functions in a helper the page does not have.
 */
const FRAME_PROBE = (seconds: number) => `new Promise((resolve) => {
  const gaps = [];
  let longFrames = 0;
  let observer;
  try {
    observer = new PerformanceObserver((list) => { longFrames += list.getEntries().length; });
    observer.observe({ type: 'long-animation-frame', buffered: false });
  } catch {
    longFrames = -1;
  }
  const start = performance.now();
  const startedAt = Date.now();
  const end = start + ${seconds * 1000};
  let last;
  const frame = (t) => {
    if (last !== undefined) gaps.push(t - last);
    last = t;
    if (t < end) return void requestAnimationFrame(frame);
    if (observer) observer.disconnect();
    const sorted = [...gaps].sort((a, b) => a - b);
    resolve({
      frames: gaps.length,
      dropped: gaps.filter((g) => g > ${DROPPED_FRAME_MS}).length,
      maxGapMs: sorted[sorted.length - 1] ?? 0,
      p99GapMs: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
      longAnimationFrames: longFrames,
      assetCards: document.querySelectorAll(${JSON.stringify(OVERVIEW_READY)}).length,
      wsMessages: (window.__vigieWsMessages || []).filter((m) => m >= start && m <= t).length,
      startedAt,
      endedAt: Date.now(),
    });
  };
  requestAnimationFrame(frame);
})`;

/** Watches the page's frames for `seconds` while it runs (the caller drives the load meanwhile). */
export async function watchFrames(page: Page, seconds: number): Promise<FrameStats> {
  return (await page.evaluate(FRAME_PROBE(seconds))) as FrameStats;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
