/**
 * Amplitude-shape indicators of one window. With μ = mean, N = length, peak = max|x|:
 *   variance  = Σ(x−μ)²/N                  (population, numpy `np.var`)
 *   shape     = rms / mean|x|
 *   impulse   = peak / mean|x|
 *   clearance = peak / (mean √|x|)²
 * A window of zeros has no shape: the factors are then 0 so models always receive finite numbers.
 */
export interface ShapeFactors {
  variance: number;
  shape_factor: number;
  impulse_factor: number;
  clearance_factor: number;
}

export function shapeFactors(x: ArrayLike<number>): ShapeFactors {
  const n = x.length;
  if (n === 0) throw new RangeError('shapeFactors needs at least one sample');
  let sum = 0;
  let sumSq = 0;
  let sumAbs = 0;
  let sumSqrtAbs = 0;
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const a = Math.abs(v);
    sum += v;
    sumSq += v * v;
    sumAbs += a;
    sumSqrtAbs += Math.sqrt(a);
    if (a > peak) peak = a;
  }
  const mean = sum / n;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    m2 += d * d;
  }
  const meanAbs = sumAbs / n;
  const meanSqrt = sumSqrtAbs / n;
  return {
    variance: m2 / n,
    shape_factor: meanAbs > 0 ? Math.sqrt(sumSq / n) / meanAbs : 0,
    impulse_factor: meanAbs > 0 ? peak / meanAbs : 0,
    clearance_factor: meanSqrt > 0 ? peak / (meanSqrt * meanSqrt) : 0,
  };
}

/**
 * Fraction of consecutive sample pairs whose sign bit differs (zero counts as positive, −0 as negative), i.e.
 * `np.count_nonzero(np.diff(np.signbit(x))) / (N − 1)`. Computed on the raw signal, not about its mean.
 */
export function zeroCrossingRate(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return 0;
  let crossings = 0;
  let prev = signBit(x[0]!);
  for (let i = 1; i < n; i++) {
    const s = signBit(x[i]!);
    if (s !== prev) crossings++;
    prev = s;
  }
  return crossings / (n - 1);
}

function signBit(v: number): boolean {
  return v < 0 || (v === 0 && 1 / v < 0);
}

/**
 * Least-squares slope of x against the sample index t = 0…N−1 (scipy.stats.linregress(range(N), x).slope,
 * tsfresh `linear_trend` attr "slope"): slope = Σ(t−t̄)(x−x̄) / Σ(t−t̄)², with Σ(t−t̄)² = N(N²−1)/12.
 */
export function trendSlope(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return 0;
  const tMean = (n - 1) / 2;
  let sxy = 0;
  for (let i = 0; i < n; i++) sxy += (i - tMean) * x[i]!;
  // Σ(t−t̄)·x̄ = 0, so the mean of x need not be subtracted.
  return sxy / ((n * (n * n - 1)) / 12);
}
