import { FilterError } from './errors';
import { requireFinite } from './validate';

/** 1/Φ⁻¹(3/4): scales the MAD to a standard deviation for normal data (as MATLAB's and the common Python `hampel`). */
export const MAD_TO_SIGMA = 1.4826;

/** Index of the first element ≥ v in sorted[0, m). */
function lowerBound(sorted: Float64Array, m: number, v: number): number {
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const middle = (sorted: Float64Array, m: number): number => (m % 2 === 1 ? sorted[m >> 1]! : (sorted[m / 2 - 1]! + sorted[m / 2]!) / 2);

/**
 * Median of |w − med| over the sorted window w[0, m): the deviations below and above med are two sorted runs, merged
 * only up to the middle rank.
 */
function medianAbsDeviation(w: Float64Array, m: number, med: number): number {
  let left = lowerBound(w, m, med) - 1;
  let right = left + 1;
  const target = (m - 1) >> 1;
  let lower = 0;
  for (let r = 0; r <= target + (m % 2 === 0 ? 1 : 0); r++) {
    let d: number;
    if (right >= m || (left >= 0 && med - w[left]! <= w[right]! - med)) d = Math.abs(w[left--]! - med);
    else d = Math.abs(w[right++]! - med);
    if (r === target) lower = d;
    else if (r > target) return (lower + d) / 2;
  }
  return lower;
}

/**
 * Hampel filter. For each sample i, the window is x[i−k … i+k] truncated at the ends of the signal (the first and
 * last k samples see k+1…2k samples: no padding is invented); med and MAD are the window's median and median
 * absolute deviation (the mean of the two middle values for an even count, as numpy.median). xᵢ is an outlier when
 * |xᵢ − med| > nSigmas·1.4826·MAD and is then replaced by med; windows always read the original signal (not the
 * cleaned one). A window with MAD = 0 flags any sample that differs from its median. O(N·k).
 * Fails with FILTER_WINDOW_INVALID (halfWindow not an integer ≥ 1, nSigmas not finite ≥ 0) or FILTER_INPUT_INVALID.
 */
export function hampel(x: ArrayLike<number>, halfWindow: number, nSigmas = 3): { y: Float64Array; outliers: Uint8Array } {
  if (!Number.isInteger(halfWindow) || halfWindow < 1) {
    throw new FilterError('FILTER_WINDOW_INVALID', { argument: 'halfWindow', reason: `${halfWindow} is not an integer ≥ 1` });
  }
  if (!Number.isFinite(nSigmas) || nSigmas < 0) {
    throw new FilterError('FILTER_WINDOW_INVALID', { argument: 'nSigmas', reason: `${nSigmas} is not a finite number ≥ 0` });
  }
  requireFinite(x, 'x');
  const n = x.length;
  const y = Float64Array.from(x);
  const outliers = new Uint8Array(n);
  const window = new Float64Array(2 * halfWindow + 1);
  let m = 0;
  const insert = (v: number): void => {
    let j = m++;
    for (; j > 0 && window[j - 1]! > v; j--) window[j] = window[j - 1]!; // shift the larger values up by one
    window[j] = v;
  };
  const remove = (v: number): void => {
    for (let j = lowerBound(window, m, v); j < m - 1; j++) window[j] = window[j + 1]!;
    m--;
  };
  for (let i = 0; i < Math.min(halfWindow, n - 1) + 1; i++) insert(x[i]!);
  for (let i = 0; i < n; i++) {
    if (i - halfWindow - 1 >= 0) remove(x[i - halfWindow - 1]!); // before inserting: the buffer holds 2k + 1 values
    if (i > 0 && i + halfWindow < n) insert(x[i + halfWindow]!);
    const med = middle(window, m);
    const threshold = nSigmas * MAD_TO_SIGMA * medianAbsDeviation(window, m, med);
    if (Math.abs(x[i]! - med) > threshold) {
      y[i] = med;
      outliers[i] = 1;
    }
  }
  return { y, outliers };
}
