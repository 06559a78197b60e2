import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICES, type ServiceName } from '@vigie/contracts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'apps/platform/src/cli.ts');

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Runs `vigie <args>` as a real process, its output appended to `logFile`. */
export function spawnVigie(args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return child;
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill(signal);
  });
}

export function baseUrl(name: ServiceName, offset: number): string {
  return `http://127.0.0.1:${SERVICES[name].port + offset}`;
}

export async function getJson<T = any>(url: string): Promise<{ status: number; body: T }> {
  // `any` default: e2e tests read loosely-typed JSON and assert on its fields.
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: (await res.json()) as T };
}

export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs: number, intervalMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Every service's /actuator/health answers UP. */
export async function allUp(names: readonly ServiceName[], offset: number): Promise<boolean> {
  const results = await Promise.all(
    names.map(async (n) => {
      try {
        return (await getJson(`${baseUrl(n, offset)}/actuator/health`)).body.status === 'UP';
      } catch {
        return false;
      }
    }),
  );
  return results.every(Boolean);
}

/** The seed chain for the degrading asset: an anomaly, a RUL prediction and an open work order, over REST. */
export async function chainComplete(assetId: string, offset: number): Promise<{ anomalies: number; predictions: number; workOrders: number } | null> {
  const [a, r, w] = await Promise.all([
    getJson(`${baseUrl('anomaly-detection', offset)}/api/v1/anomalies/${assetId}`),
    getJson(`${baseUrl('rul-prediction', offset)}/api/v1/rul/${assetId}`),
    getJson(`${baseUrl('maintenance-orchestrator', offset)}/api/v1/work-orders?assetId=${assetId}`),
  ]);
  const open = w.body.workOrders.filter((o: { status: string }) => !['done', 'cancelled'].includes(o.status));
  if (a.body.anomalies.length && r.body.predictions.length && open.length) {
    return { anomalies: a.body.anomalies.length, predictions: r.body.predictions.length, workOrders: open.length };
  }
  return null;
}
