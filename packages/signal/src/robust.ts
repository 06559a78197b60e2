/** Median of a sample (copies; the input is left untouched). */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) throw new RangeError('median of an empty sample');
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median absolute deviation scaled by 1.4826, a consistent estimator of σ for normal data
 * (scipy.stats.median_abs_deviation(x, scale='normal')).
 */
export function scaledMad(values: ArrayLike<number>, center = median(values)): number {
  const dev = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) dev[i] = Math.abs(values[i]! - center);
  return 1.4826 * median(dev);
}

export interface RobustStats {
  median: number;
  mad: number;
}

export function robustStats(values: ArrayLike<number>): RobustStats {
  const m = median(values);
  return { median: m, mad: scaledMad(values, m) };
}

/**
 * Robust z-score. A MAD of zero (a perfectly steady baseline) would make every change infinite, so the scale has a
 * floor relative to the level of the signal.
 */
export function robustZ(value: number, stats: RobustStats, relativeFloor = 0.01): number {
  const scale = Math.max(stats.mad, Math.abs(stats.median) * relativeFloor, 1e-9);
  return (value - stats.median) / scale;
}
