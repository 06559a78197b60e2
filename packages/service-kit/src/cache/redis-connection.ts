import { Redis } from 'ioredis';
import type { Logger } from '../logger';

export interface RedisConnectionOptions {
  readonly url: string;
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs: number;
  readonly maxReconnectDelayMs: number;
}

/**
 * An ioredis client tuned for a cache that must fail fast rather than wait: no offline queue and no per-command
 * retries (a command issued while Redis is away fails at once, and the caller sees a miss), a command timeout for a
 * server that accepts connections but does not answer, and reconnection forever with a capped, jittered backoff — a
 * cache has to come back by itself after an outage of any length, so only the delay is bounded, not the attempts.
 */
export function createRedisClient(options: RedisConnectionOptions): Redis {
  return new Redis(options.url, {
    connectTimeout: options.connectTimeoutMs,
    commandTimeout: options.commandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Commands issued in the same tick share one write: concurrent gets from many consumers cost one round trip.
    enableAutoPipelining: true,
    retryStrategy: (attempt: number) => {
      const backoff = Math.min(options.maxReconnectDelayMs, 50 * 2 ** Math.min(attempt, 16));
      return Math.round(backoff / 2 + (Math.random() * backoff) / 2);
    },
  });
}

/** Settles `true` when the client is first ready, `false` after `timeoutMs` or when it is closed first. */
export function firstReady(client: Redis, timeoutMs: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
    client.once('ready', () => (clearTimeout(timer), resolve(true)));
    client.once('end', () => (clearTimeout(timer), resolve(false)));
  });
}

/** A pipeline reports failures per command instead of rejecting: surface the first one. */
export function throwFirstError(results: [error: Error | null, result: unknown][] | null): void {
  const failure = results?.find(([error]) => error !== null)?.[0];
  if (failure) throw failure;
}

/**
 * Tracks an outage: logs it once when it starts and once when it ends, however many commands fail in between (a
 * cache that logs every miss floods the log exactly when someone needs to read it), and, while it lasts, lets one
 * probe command through per `probeIntervalMs`. The probe matters when Redis hangs rather than closes: the connection
 * still looks ready, each command would wait the full command timeout, and a consumer calling the cache per message
 * would slow to one message per timeout. Every other call answers at once.
 */
export class OutageGuard {
  #down = false;
  #outages = 0;
  #nextProbeAt = 0;

  constructor(
    private readonly logger: Logger | undefined,
    private readonly target: string,
    private readonly probeIntervalMs: number,
  ) {}

  get down(): boolean {
    return this.#down;
  }

  get outages(): number {
    return this.#outages;
  }

  /** Whether a command may be sent now. */
  allow(): boolean {
    if (!this.#down) return true;
    const now = performance.now();
    if (now < this.#nextProbeAt) return false;
    this.#nextProbeAt = now + this.probeIntervalMs;
    return true;
  }

  failed(operation: string, error: unknown): void {
    if (this.#down) return;
    this.#down = true;
    this.#outages += 1;
    this.#nextProbeAt = performance.now() + this.probeIntervalMs;
    this.logger?.warn(
      { err: error, operation, redis: this.target },
      'cache unavailable: reads miss and writes are dropped until Redis answers again',
    );
  }

  recovered(): void {
    if (!this.#down) return;
    this.#down = false;
    this.logger?.info({ redis: this.target }, 'cache available again');
  }
}

/** Escapes Redis glob syntax, so SCAN MATCH treats a prefix such as `a*[b]` literally. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** `redis://user:secret@host:6379/0` → `redis://host:6379/0`: the URL may carry a password and this goes to logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(unparsable url)';
  }
}
