import type { HealthCheckResult } from '../http/health';

/**
 * The cache port: short-lived JSON values by key, e.g. the latest features of each asset. The embedded profile keeps
 * them in process (MemoryCache, an LRU with TTL), the distributed one in Redis (RedisCache);
 * `describeCacheContract` in @vigie/service-kit-testing holds both to the same behaviour.
 *
 * A cache is an optimisation, never the source of truth: a miss must always be a valid answer, which is why the Redis
 * adapter answers misses (and drops writes) during an outage instead of failing its caller.
 */

/**
 * What may be cached: exactly what survives `JSON.stringify` → `JSON.parse` unchanged. The methods take any `T` (an
 * interface has no index signature, so it would not satisfy this type) and check the value at run time instead.
 */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface CacheSetOptions {
  /** Milliseconds before the entry expires; the adapter's `defaultTtlMs` when omitted, never when neither is set. */
  readonly ttlMs?: number;
}

export interface CacheEntry<T = unknown> {
  readonly key: string;
  readonly value: T;
}

export interface Cache {
  /** `undefined` when missing, expired, evicted, or (Redis) unreachable. */
  get<T>(key: string): Promise<T | undefined>;
  /** Replaces the value and its TTL. Throws CACHE_VALUE_INVALID for a non-JSON value, whatever the adapter. */
  set<T>(key: string, value: T, options?: CacheSetOptions): Promise<void>;
  /** One answer per key, in the order of `keys`. */
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  /** Every entry gets the same TTL. Not atomic: a concurrent reader may see some entries before others. */
  setMany(entries: readonly CacheEntry[], options?: CacheSetOptions): Promise<void>;
  /** Idempotent. */
  delete(key: string): Promise<void>;
  /** Deletes every key of this cache starting with `prefix` (`''` = all of them) in bounded steps; returns the count. */
  deleteByPrefix(prefix: string): Promise<number>;
  /** For the health registry: `health.register('cache', () => cache.ping())`. */
  ping(): Promise<HealthCheckResult>;
  /** Releases connections; every later call fails with CACHE_CLOSED. */
  close(): Promise<void>;
}

/** The key prefix of a service's entries in a shared server: `vigie:<service>:`. */
export function cacheKeyPrefix(service: string): string {
  return `vigie:${service}:`;
}
