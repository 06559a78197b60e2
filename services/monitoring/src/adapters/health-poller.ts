import type { ServiceStatus } from '@vigie/contracts';
import type { Logger } from '@vigie/service-kit';
import type { Target } from '../config';

/** The service whose own entry is answered in-process: it is serving this very request. */
export const SELF_SERVICE = 'monitoring';

/**
 * GETs `{url}/actuator/health` with a timeout. UP only on a 2xx whose body says UP; a 503, a timeout or a refused
 * connection is DOWN with the reason in `details.error`. Never throws.
 */
export async function probeHealth(target: Target, timeoutMs: number): Promise<ServiceStatus> {
  const started = performance.now();
  const checkedAt = new Date().toISOString();
  const url = new URL('/actuator/health', target.url);
  const base = { service: target.service, url: target.url, checkedAt };
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    const latencyMs = Math.round(performance.now() - started);
    const body: unknown = await res.json().catch(() => null);
    const reported = isRecord(body) && typeof body.status === 'string' ? body.status : null;
    const up = res.ok && reported === 'UP';
    const details: Record<string, unknown> = { httpStatus: res.status, ...(isRecord(body) ? { report: body } : {}) };
    if (!up) details.error = `HTTP ${res.status}${reported ? `, status ${reported}` : ''}`;
    return { ...base, status: up ? 'UP' : 'DOWN', latencyMs, details };
  } catch (err) {
    // undici wraps the reason ("fetch failed"); its cause names it (ECONNREFUSED, ENOTFOUND, bad port…).
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const error = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ...base, status: 'DOWN', latencyMs: null, details: { error } };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Polls every target each `intervalMs` (one round at a time: a slow round delays the next instead of piling up) and
 * hands each round's results to `record`.
 */
export class HealthPoller {
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | null = null;
  #stopped = true;

  constructor(
    private readonly targets: readonly Target[],
    private readonly options: { intervalMs: number; timeoutMs: number },
    private readonly record: (checks: ServiceStatus[]) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#round;
  }

  /** One round now; resolves when its results are recorded. */
  async pollOnce(): Promise<void> {
    const checks = await Promise.all(
      this.targets.map((t) =>
        t.service === SELF_SERVICE
          ? Promise.resolve<ServiceStatus>({ ...t, status: 'UP', checkedAt: new Date().toISOString(), latencyMs: 0, details: { self: true } })
          : probeHealth(t, this.options.timeoutMs),
      ),
    );
    await this.record(checks);
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#round = this.pollOnce()
        .catch((err: unknown) => this.logger.error({ err }, 'health poll round failed'))
        .finally(() => {
          this.#round = null;
          this.#schedule(this.options.intervalMs);
        });
    }, delay);
    this.#timer.unref();
  }
}
