/**
 * Stable codes of filter-argument mistakes. packages/signal reports bad arguments with RangeError; FilterError is a
 * RangeError too (existing `instanceof RangeError` checks keep working) that also carries a `code`, as service-kit's
 * CacheError and ObjectStoreError do: callers switch on `code`, never on the message.
 */
export type FilterErrorCode =
  /** Butterworth order not an integer in 1..20. */
  | 'FILTER_ORDER_INVALID'
  /** Sampling rate not a finite number > 0. */
  | 'FILTER_FS_INVALID'
  /** Cutoff not finite, outside 0 < f < fs/2, a pair where a single value is needed (or the reverse), or lo ≥ hi. */
  | 'FILTER_CUTOFF_INVALID'
  /** Not one of lowpass, highpass, bandpass, bandstop. */
  | 'FILTER_TYPE_INVALID'
  /** sos not a non-empty n×6 array of finite numbers with a0 = 1 in every row. */
  | 'FILTER_SOS_INVALID'
  /** zi not n×2 for an sos of n sections, or not finite. */
  | 'FILTER_STATE_INVALID'
  /** A sample is NaN or ±Infinity, lengths differ, or the input is too short (sosfiltfilt needs more than padlen). */
  | 'FILTER_INPUT_INVALID'
  /** Unknown padtype, or padlen not an integer ≥ 0. */
  | 'FILTER_PADDING_INVALID'
  /** Hampel half-window not an integer ≥ 1, or nSigmas not finite and ≥ 0. */
  | 'FILTER_WINDOW_INVALID'
  /** Resampling grid: start/period not finite, period ≤ 0, count not an integer ≥ 0, timestamps not increasing. */
  | 'FILTER_GRID_INVALID';

export interface FilterErrorDetails {
  /** The argument at fault, e.g. `cutoffHz` or `x[17]`. */
  readonly argument?: string;
  readonly reason?: string;
}

export class FilterError extends RangeError {
  readonly code: FilterErrorCode;
  readonly details: FilterErrorDetails;

  constructor(code: FilterErrorCode, details: FilterErrorDetails = {}) {
    super(`${code}${details.argument ? `: ${details.argument}` : ''}${details.reason ? ` (${details.reason})` : ''}`);
    this.name = 'FilterError';
    this.code = code;
    this.details = details;
  }
}

export function isFilterError(error: unknown, code?: FilterErrorCode): error is FilterError {
  return error instanceof FilterError && (code === undefined || error.code === code);
}
