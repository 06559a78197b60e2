/**
 * Time-domain statistics of one window, computed in two passes over a Float64Array (no allocation in the loop).
 * Definitions follow scipy.stats: population std (ddof=0), biased skewness, and Fisher (excess) kurtosis, so
 * results can be compared with `scipy.stats.skew(x)` and `scipy.stats.kurtosis(x)` directly.
 */
export interface TimeDomainFeatures {
  mean: number;
  std: number;
  rms: number;
  min: number;
  max: number;
  skewness: number;
  kurtosis: number;
  crest_factor: number;
  peak_to_peak: number;
}

export function timeDomainFeatures(x: ArrayLike<number>): TimeDomainFeatures {
  const n = x.length;
  if (n === 0) throw new RangeError('timeDomainFeatures needs at least one sample');
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    sum += v;
    sumSq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const std = Math.sqrt(m2);
  const rms = Math.sqrt(sumSq / n);
  const peak = Math.max(Math.abs(min), Math.abs(max));
  // A constant window has no shape: scipy returns nan; we return 0 so downstream models always get finite numbers.
  const degenerate = m2 <= 1e-300 * Math.max(1, mean * mean);
  return {
    mean,
    std,
    rms,
    min,
    max,
    skewness: degenerate ? 0 : m3 / Math.pow(m2, 1.5),
    kurtosis: degenerate ? 0 : m4 / (m2 * m2) - 3,
    crest_factor: rms > 0 ? peak / rms : 0,
    peak_to_peak: max - min,
  };
}
