/**
 * Stable codes of cache failures. Like ObjectStoreError they are not (yet) in @vigie/contracts' ERROR_CODES, so this
 * is a plain Error with a `code`; callers switch on `code`, never on the message.
 *
 * Only caller mistakes throw: a Redis outage is never an error to the caller (see RedisCache).
 */
export type CacheErrorCode =
  /** Empty, too long, or not a string. */
  | 'CACHE_KEY_INVALID'
  /** Not a JSON value: undefined, NaN/Infinity, a class instance (Date, Map, typed array), a cycle, a function… */
  | 'CACHE_VALUE_INVALID'
  /** Not a positive, finite number of milliseconds. */
  | 'CACHE_TTL_INVALID'
  | 'CACHE_CONFIG_INVALID'
  /** Used after `close()`. */
  | 'CACHE_CLOSED';

export interface CacheErrorDetails {
  readonly key?: string;
  /** Where in the value the problem is, e.g. `$.readings[3]`. */
  readonly path?: string;
  readonly reason?: string;
}

export class CacheError extends Error {
  readonly code: CacheErrorCode;
  readonly details: CacheErrorDetails;

  constructor(code: CacheErrorCode, details: CacheErrorDetails = {}, options?: { cause?: unknown }) {
    const where = [details.key, details.path].filter((p) => p !== undefined).join(' ');
    super(`${code}${where ? `: ${where}` : ''}${details.reason ? ` (${details.reason})` : ''}`, options);
    this.name = 'CacheError';
    this.code = code;
    this.details = details;
  }
}

export function isCacheError(error: unknown, code?: CacheErrorCode): error is CacheError {
  return error instanceof CacheError && (code === undefined || error.code === code);
}
