import { CacheError } from './errors';

/** Redis accepts 512 MB keys; ours are ids and short prefixes, so anything longer is a bug worth reporting. */
export const MAX_CACHE_KEY_LENGTH = 1024;
/** Nesting deeper than this is almost certainly a runaway structure, and would blow the stack of a recursive walk. */
const MAX_DEPTH = 64;

export function assertValidCacheKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_CACHE_KEY_LENGTH) {
    throw new CacheError('CACHE_KEY_INVALID', {
      reason: `a key is a string of 1 to ${MAX_CACHE_KEY_LENGTH} characters, got ${typeof key === 'string' ? `${key.length} characters` : typeof key}`,
    });
  }
}

/** A prefix may be empty (every key of the cache). */
export function assertValidCachePrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string' || prefix.length > MAX_CACHE_KEY_LENGTH) {
    throw new CacheError('CACHE_KEY_INVALID', { reason: 'a prefix is a string of at most 1024 characters' });
  }
}

/** Returns the TTL to apply: the option, else the default, else `undefined` (no expiry). */
export function resolveCacheTtl(ttlMs: number | undefined, defaultTtlMs: number | undefined): number | undefined {
  const ttl = ttlMs ?? defaultTtlMs;
  if (ttl === undefined) return undefined;
  if (!Number.isFinite(ttl) || ttl <= 0) throw new CacheError('CACHE_TTL_INVALID', { reason: `ttlMs must be > 0, got ${ttl}` });
  // Redis counts whole milliseconds (PX); rounding up keeps a sub-millisecond TTL from meaning "expire now".
  return Math.ceil(ttl);
}

/**
 * Throws CACHE_VALUE_INVALID unless `value` round-trips through JSON unchanged. Both adapters call it, so a value the
 * in-memory cache accepts is one Redis can store: the embedded profile cannot drift from the distributed one.
 */
export function assertJsonValue(value: unknown, key: string): void {
  const failure = check(value, 0, []);
  if (failure === undefined) return;
  const path = failure.path
    .reverse()
    .map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`))
    .join('');
  throw new CacheError('CACHE_VALUE_INVALID', { key, path: `$${path}`, reason: failure.reason });
}

interface Failure {
  /** Innermost step first: filled in while the recursion unwinds, so a valid value allocates no path at all. */
  readonly path: (string | number)[];
  readonly reason: string;
}

function check(value: unknown, depth: number, ancestors: object[]): Failure | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : { path: [], reason: `${value} is not a JSON number` };
    case 'object':
      if (value === null) return undefined;
      break;
    default:
      return { path: [], reason: `${typeof value} is not a JSON value` };
  }
  if (depth >= MAX_DEPTH) return { path: [], reason: `nested deeper than ${MAX_DEPTH} levels` };
  if (ancestors.includes(value)) return { path: [], reason: 'circular reference' };
  ancestors.push(value);
  const failure = Array.isArray(value) ? checkArray(value, depth, ancestors) : checkObject(value, depth, ancestors);
  ancestors.pop();
  return failure;
}

function checkArray(array: readonly unknown[], depth: number, ancestors: object[]): Failure | undefined {
  for (let i = 0; i < array.length; i++) {
    const failure = check(array[i], depth + 1, ancestors);
    if (failure !== undefined) return (failure.path.push(i), failure);
  }
  return undefined;
}

function checkObject(object: object, depth: number, ancestors: object[]): Failure | undefined {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    return { path: [], reason: `${object.constructor?.name ?? 'a class instance'} is not a plain object` };
  }
  for (const name of Object.keys(object)) {
    const failure = check((object as Record<string, unknown>)[name], depth + 1, ancestors);
    if (failure !== undefined) return (failure.path.push(name), failure);
  }
  return undefined;
}
