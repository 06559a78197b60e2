import type { Redis } from 'ioredis';
import type { HealthCheckResult } from '../http/health';
import type { Logger } from '../logger';
import { type Cache, type CacheEntry, type CacheSetOptions, cacheKeyPrefix } from './cache';
import { CacheError } from './errors';
import { createRedisClient, escapeGlob, firstReady, OutageGuard, redactUrl, throwFirstError } from './redis-connection';
import { assertJsonValue, assertValidCacheKey, assertValidCachePrefix, resolveCacheTtl } from './validation';

export interface RedisCacheConfig {
  /** `redis://[user:password@]host:port[/db]`; secret when it carries a password. */
  readonly url: string;
  /** The owning service, e.g. `feature-extraction`: keys live under `vigie:<namespace>:`. No `:` or glob characters. */
  readonly namespace: string;
  readonly defaultTtlMs?: number;
  /** First connection and each reconnection attempt. Default 2,000 ms. */
  readonly connectTimeoutMs?: number;
  /** A command unanswered this long is a miss (or a dropped write). Default 500 ms. */
  readonly commandTimeoutMs?: number;
  /** While Redis does not answer, one command per interval probes it; all others miss at once. Default 1,000 ms. */
  readonly probeIntervalMs?: number;
  /** Cap of the reconnection backoff. Default 2,000 ms. */
  readonly maxReconnectDelayMs?: number;
  /** Keys examined per SCAN step of `deleteByPrefix`. Default 500. */
  readonly scanCount?: number;
}

const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** Keys per MGET: bounds how long one command holds the single-threaded server. */
const MGET_CHUNK = 1000;

/**
 * The distributed adapter on ioredis. A Redis outage is not the caller's problem: `get` answers `undefined`, writes
 * and deletes are dropped, and the outage is logged once (OutageGuard); ioredis reconnects by itself. Deletes are
 * dropped too, so a value may outlive its invalidation by up to its TTL: give entries a TTL. Only caller
 * mistakes (bad key, non-JSON value, use after close) throw.
 */
export class RedisCache implements Cache {
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #defaultTtlMs: number | undefined;
  readonly #scanCount: number;
  readonly #outage: OutageGuard;
  readonly #logger: Logger | undefined;
  /** Settles `true` at the first `ready`, `false` after connectTimeoutMs: only the first connection is waited for. */
  readonly #firstConnection: Promise<boolean>;
  #closed = false;

  private constructor(client: Redis, config: RedisCacheConfig, connectTimeoutMs: number, logger?: Logger) {
    this.#client = client;
    this.#prefix = cacheKeyPrefix(config.namespace);
    this.#defaultTtlMs = resolveCacheTtl(undefined, config.defaultTtlMs);
    this.#scanCount = config.scanCount ?? 500;
    this.#logger = logger?.child({ component: 'cache', namespace: config.namespace });
    this.#outage = new OutageGuard(this.#logger, redactUrl(config.url), config.probeIntervalMs ?? 1_000);
    // Without a listener ioredis prints every failed reconnection attempt to stderr.
    client.on('error', (error: unknown) => this.#outage.failed('connect', error));
    client.on('ready', () => this.#outage.recovered());
    this.#firstConnection = firstReady(client, connectTimeoutMs);
  }

  static fromConfig(config: RedisCacheConfig, logger?: Logger): RedisCache {
    if (!NAMESPACE.test(config.namespace)) {
      throw new CacheError('CACHE_CONFIG_INVALID', { reason: `namespace must match ${NAMESPACE}, got '${config.namespace}'` });
    }
    const connectTimeoutMs = config.connectTimeoutMs ?? 2_000;
    const client = createRedisClient({
      url: config.url,
      connectTimeoutMs,
      commandTimeoutMs: config.commandTimeoutMs ?? 500,
      maxReconnectDelayMs: config.maxReconnectDelayMs ?? 2_000,
    });
    return new RedisCache(client, config, connectTimeoutMs, logger);
  }

  async get<T>(key: string): Promise<T | undefined> {
    this.#open();
    assertValidCacheKey(key);
    const [value] = await this.#mget<T>([key]);
    return value;
  }

  async set<T>(key: string, value: T, options?: CacheSetOptions): Promise<void> {
    await this.setMany([{ key, value }], options);
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    this.#open();
    keys.forEach(assertValidCacheKey);
    const chunks: Promise<(T | undefined)[]>[] = [];
    for (let i = 0; i < keys.length; i += MGET_CHUNK) chunks.push(this.#mget<T>(keys.slice(i, i + MGET_CHUNK)));
    return (await Promise.all(chunks)).flat();
  }

  async setMany(entries: readonly CacheEntry[], options?: CacheSetOptions): Promise<void> {
    this.#open();
    const ttl = resolveCacheTtl(options?.ttlMs, this.#defaultTtlMs);
    const payloads = entries.map(({ key, value }) => {
      assertValidCacheKey(key);
      assertJsonValue(value, key);
      return [this.#prefix + key, JSON.stringify(value)] as const;
    });
    if (payloads.length === 0 || !(await this.#usable('set'))) return;
    const [first] = payloads;
    if (payloads.length === 1 && first !== undefined) {
      await this.#attempt('set', () => (ttl === undefined ? this.#client.set(...first) : this.#client.set(...first, 'PX', ttl)));
      return;
    }
    const pipeline = this.#client.pipeline();
    for (const [key, json] of payloads) {
      if (ttl === undefined) pipeline.set(key, json);
      else pipeline.set(key, json, 'PX', ttl);
    }
    await this.#attempt('setMany', async () => throwFirstError(await pipeline.exec()));
  }

  async delete(key: string): Promise<void> {
    this.#open();
    assertValidCacheKey(key);
    if (await this.#usable('delete')) await this.#attempt('delete', () => this.#client.unlink(this.#prefix + key));
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    this.#open();
    assertValidCachePrefix(prefix);
    if (!(await this.#usable('deleteByPrefix'))) return 0;
    const match = `${escapeGlob(this.#prefix + prefix)}*`;
    let deleted = 0;
    // SCAN, never KEYS: each step examines about scanCount keys, so other clients are served between steps.
    await this.#attempt('deleteByPrefix', async () => {
      let cursor = '0';
      do {
        const [next, keys] = await this.#client.scan(cursor, 'MATCH', match, 'COUNT', this.#scanCount);
        // SCAN may return a key twice; UNLINK counts only what it removed, so the total stays exact.
        if (keys.length > 0) deleted += await this.#client.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    });
    return deleted;
  }

  async ping(): Promise<HealthCheckResult> {
    if (this.#closed) return { status: 'DOWN', details: { reason: 'closed' } };
    await this.#firstConnection;
    const started = performance.now();
    try {
      await this.#client.ping();
      return { status: 'UP', details: { latencyMs: Math.round((performance.now() - started) * 100) / 100 } };
    } catch (error) {
      return { status: 'DOWN', details: { connection: this.#client.status, error: (error as Error).message } };
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (this.#client.status === 'ready') await this.#client.quit();
    } catch {
      // QUIT failing means the connection is already gone, which is what we want.
    } finally {
      this.#client.disconnect();
    }
  }

  /** Outage counters for metrics: how often Redis became unavailable, and whether it is now. */
  outageStats(): { readonly outages: number; readonly down: boolean } {
    return { outages: this.#outage.outages, down: this.#outage.down };
  }

  async #mget<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    const misses = (): (T | undefined)[] => keys.map(() => undefined);
    if (keys.length === 0 || !(await this.#usable('get'))) return misses();
    const raw = await this.#attempt('get', () => this.#client.mget(keys.map((key) => this.#prefix + key)));
    return raw === undefined ? misses() : raw.map((json) => (json === null ? undefined : this.#decode<T>(json)));
  }

  /** A value that is not JSON was written by someone else under our namespace: a miss, not a crash, nor an outage. */
  #decode<T>(json: string): T | undefined {
    try {
      return JSON.parse(json) as T;
    } catch (error) {
      this.#logger?.warn({ err: error }, 'cache entry is not JSON: answered as a miss');
      return undefined;
    }
  }

  /** Runs one Redis call; a failure is logged (once per outage) and becomes `undefined`. */
  async #attempt<R>(operation: string, call: () => Promise<R>): Promise<R | undefined> {
    try {
      const result = await call();
      this.#outage.recovered();
      return result;
    } catch (error) {
      this.#outage.failed(operation, error);
      return undefined;
    }
  }

  /**
   * Waits for the first connection only; afterwards a disconnected client answers at once (a miss, a dropped write),
   * and so does a connected one during an outage, but for the guard's probe.
   */
  async #usable(operation: string): Promise<boolean> {
    const ready = this.#ready() || ((await this.#firstConnection) && this.#ready());
    if (!ready) this.#outage.failed(operation, new Error(`redis connection is ${this.#client.status}`));
    return ready && this.#outage.allow();
  }

  /** A method, not an inline test, so TypeScript does not keep the status narrowed across an `await`. */
  #ready(): boolean {
    return this.#client.status === 'ready';
  }

  #open(): void {
    if (this.#closed) throw new CacheError('CACHE_CLOSED');
  }
}
