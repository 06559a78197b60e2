import type { ServiceStatus } from '@vigie/contracts';
import type { Logger } from '@vigie/service-kit';
import type { Target } from '../config';
import { parsePrometheusText, type PromSample } from '../domain/prometheus-text';
import { isCircuitOpenError, type TargetCircuits } from './circuit-breakers';
import { scrapePrometheus } from './prometheus-scraper';

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

/** One target's /actuator/prometheus at the time of a poll (null samples: not scraped, with the reason). */
export interface Scrape {
  readonly service: string;
  /** Epoch ms. */
  readonly at: number;
  readonly samples: readonly PromSample[] | null;
  readonly error?: string;
}

export interface PollerOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Breakers around each target's health probe; without them every round probes every target. */
  readonly circuits?: TargetCircuits;
  /** Monitoring's own exposition text, read in-process (its own entry is never fetched). */
  readonly selfMetrics?: () => Promise<string>;
}

class ProbeFailed extends Error {
  constructor(readonly status: ServiceStatus) {
    super(String(status.details?.error ?? 'DOWN'));
  }
}

/**
 * Polls every target each `intervalMs` (one round at a time: a slow round delays the next instead of piling up) and
 * hands each round's results to `record`: the health checks, and the Prometheus scrape of every target found UP.
 */
export class HealthPoller {
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | null = null;
  #stopped = true;
  /** The last real failure of each target, named while its circuit keeps it from being probed. */
  readonly #lastFailure = new Map<string, string>();

  constructor(
    private readonly targets: readonly Target[],
    private readonly options: PollerOptions,
    private readonly record: (checks: ServiceStatus[], scrapes: Scrape[]) => Promise<void>,
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
    const results = await Promise.all(this.targets.map((t) => this.#pollTarget(t)));
    await this.record(
      results.map((r) => r.check),
      results.flatMap((r) => (r.scrape ? [r.scrape] : [])),
    );
  }

  async #pollTarget(t: Target): Promise<{ check: ServiceStatus; scrape: Scrape | null }> {
    if (t.service === SELF_SERVICE) {
      const check: ServiceStatus = { ...t, status: 'UP', checkedAt: new Date().toISOString(), latencyMs: 0, details: { self: true } };
      if (!this.options.selfMetrics) return { check, scrape: null };
      const at = Date.now();
      const scrape = await this.options
        .selfMetrics()
        .then((text): Scrape => ({ service: t.service, at, samples: parsePrometheusText(text) }))
        .catch((err: unknown): Scrape => ({ service: t.service, at, samples: null, error: (err as Error).message }));
      return { check, scrape };
    }
    const check = await this.#probe(t);
    if (check.status !== 'UP') return { check, scrape: null };
    const at = Date.now();
    try {
      return { check, scrape: { service: t.service, at, samples: await scrapePrometheus(t, this.options.timeoutMs) } };
    } catch (err) {
      return { check, scrape: { service: t.service, at, samples: null, error: (err as Error).message } };
    }
  }

  /** The probe through the target's health breaker: a DOWN answer counts as a failure; an open circuit is not probed. */
  async #probe(t: Target): Promise<ServiceStatus> {
    const circuits = this.options.circuits;
    if (!circuits) return probeHealth(t, this.options.timeoutMs);
    let status: ServiceStatus;
    try {
      status = await circuits.run('health', t.service, async () => {
        const s = await probeHealth(t, this.options.timeoutMs);
        if (s.status !== 'UP') throw new ProbeFailed(s);
        return s;
      });
    } catch (err) {
      if (err instanceof ProbeFailed) {
        status = err.status;
        this.#lastFailure.set(t.service, err.message);
      } else if (isCircuitOpenError(err)) {
        const last = this.#lastFailure.get(t.service);
        status = {
          service: t.service,
          url: t.url,
          status: 'DOWN',
          checkedAt: new Date().toISOString(),
          latencyMs: null,
          details: {
            error: `circuit open: not probed until the breaker lets a trial call through${last ? ` (last failure: ${last})` : ''}`,
          },
        };
      } else throw err;
    }
    return { ...status, details: { ...status.details, circuit: circuits.describe(t.service) } };
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
