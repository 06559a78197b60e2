/**
 * Stable codes of @vigie/ml failures. The package is pure and imports nothing of ours, so this is a plain Error with a
 * `code` (like CacheError in service-kit); callers switch on `code`, never on the message.
 */
export type MlErrorCode =
  /** `score` (or a statistic) called before `fit`. */
  | 'ML_NOT_FITTED'
  /** Empty matrix, NaN/±Infinity, wrong width, inconsistent shape, or an option out of range. */
  | 'ML_BAD_INPUT'
  /** A serialized state that is not one this version can read (unknown kind/version, missing or malformed fields). */
  | 'ML_BAD_STATE'
  /** A neural detector's synchronous `fit` called before `await initNnBackend()` loaded TensorFlow.js. */
  | 'ML_BACKEND_NOT_READY';

export class MlError extends Error {
  readonly code: MlErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: MlErrorCode, reason: string, details: Readonly<Record<string, unknown>> = {}) {
    super(`${code}: ${reason}`);
    this.name = 'MlError';
    this.code = code;
    this.details = details;
  }
}

export function isMlError(error: unknown, code?: MlErrorCode): error is MlError {
  return error instanceof MlError && (code === undefined || error.code === code);
}
