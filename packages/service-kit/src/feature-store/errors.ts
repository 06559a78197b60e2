/**
 * Stable codes of feature-store failures. Like CacheError they are not (yet) in @vigie/contracts' ERROR_CODES, so
 * this is a plain Error with a `code`; callers switch on `code`, never on the message.
 */
export type FeatureStoreErrorCode =
  /** A window pushed is malformed: empty id, non-integer time, end before start, non-finite feature value… */
  | 'FEATURE_STORE_WINDOW_INVALID'
  /** The arguments of `online` are malformed: an empty sensor id or feature name, not an array… */
  | 'FEATURE_STORE_QUERY_INVALID'
  | 'FEATURE_STORE_CONFIG_INVALID'
  /** The server could not be reached, did not answer in time, or answered 502/503/504: worth retrying later. */
  | 'FEATURE_STORE_UNAVAILABLE'
  /** The server refused the request (any other non-2xx): a deployment mismatch, not worth retrying as is. */
  | 'FEATURE_STORE_REJECTED'
  /** The server answered 2xx with a body this adapter cannot read. */
  | 'FEATURE_STORE_RESPONSE_INVALID'
  /** Used after `close()`. */
  | 'FEATURE_STORE_CLOSED';

export interface FeatureStoreErrorDetails {
  /** Index of the offending window in the pushed array. */
  readonly index?: number;
  readonly sensorId?: string;
  /** The offending field, e.g. `windowStart` or `features.rms`. */
  readonly field?: string;
  /** HTTP status of a server answer. */
  readonly status?: number;
  readonly reason?: string;
}

export class FeatureStoreError extends Error {
  readonly code: FeatureStoreErrorCode;
  readonly details: FeatureStoreErrorDetails;

  constructor(code: FeatureStoreErrorCode, details: FeatureStoreErrorDetails = {}, options?: { cause?: unknown }) {
    const where = [details.index === undefined ? undefined : `window ${details.index}`, details.sensorId, details.field]
      .filter((part) => part !== undefined)
      .join(' ');
    super(`${code}${where ? `: ${where}` : ''}${details.reason ? ` (${details.reason})` : ''}`, options);
    this.name = 'FeatureStoreError';
    this.code = code;
    this.details = details;
  }
}

export function isFeatureStoreError(error: unknown, code?: FeatureStoreErrorCode): error is FeatureStoreError {
  return error instanceof FeatureStoreError && (code === undefined || error.code === code);
}
