/**
 * Features with tsfresh's exact definitions (tsfresh.feature_extraction.feature_calculators, 0.21).
 * Each loop runs over the input in place; nothing is allocated.
 */

/** abs_energy = Σ xᵢ² */
export function absEnergy(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return s;
}

/** mean_abs_change = mean |xᵢ₊₁ − xᵢ| over the N − 1 differences. */
export function meanAbsChange(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return Number.NaN; // np.mean of an empty diff is nan, as in tsfresh
  let s = 0;
  for (let i = 1; i < n; i++) s += Math.abs(x[i]! - x[i - 1]!);
  return s / (n - 1);
}

/**
 * cid_ce (complexity-invariant distance) = √Σ (zᵢ₊₁ − zᵢ)², with z = (x − μ)/σ when `normalize` (σ population std;
 * a constant window gives 0, as tsfresh returns), otherwise z = x.
 */
export function cidCe(x: ArrayLike<number>, normalize: boolean): number {
  const n = x.length;
  let scale = 1;
  if (normalize) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i]!;
    mean /= n;
    let m2 = 0;
    for (let i = 0; i < n; i++) m2 += (x[i]! - mean) * (x[i]! - mean);
    const std = Math.sqrt(m2 / n);
    if (std === 0) return 0;
    scale = 1 / std; // the mean cancels in the differences
  }
  let s = 0;
  for (let i = 1; i < n; i++) {
    const d = (x[i]! - x[i - 1]!) * scale;
    s += d * d;
  }
  return Math.sqrt(s);
}

/** c3(lag) = mean over i < N − 2·lag of xᵢ₊₂ₗ · xᵢ₊ₗ · xᵢ (0 when 2·lag ≥ N, as tsfresh). */
export function c3(x: ArrayLike<number>, lag: number): number {
  const n = x.length;
  const m = n - 2 * lag;
  if (m <= 0) return 0;
  let s = 0;
  for (let i = 0; i < m; i++) s += x[i + 2 * lag]! * x[i + lag]! * x[i]!;
  return s / m;
}

/**
 * Autocorrelation at `lag` (tsfresh `autocorrelation`): Σᵢ₌₀^{N−l−1} (xᵢ − μ)(xᵢ₊ₗ − μ) / ((N − l)·σ²),
 * σ² the population variance over the whole window. NaN when σ² ≈ 0 or lag > N, as tsfresh.
 */
export function autocorrelation(x: ArrayLike<number>, lag: number, mean = meanOf(x), variance = varianceOf(x, mean)): number {
  const n = x.length;
  if (n < lag || Math.abs(variance) <= 1e-8) return Number.NaN; // np.isclose(v, 0): |v| ≤ atol 1e-8
  let s = 0;
  for (let i = 0; i + lag < n; i++) s += (x[i]! - mean) * (x[i + lag]! - mean);
  return s / ((n - lag) * variance);
}

/**
 * number_peaks(n): count of i in [n, N − n) with xᵢ > xᵢ₋ⱼ and xᵢ > xᵢ₊ⱼ for every j = 1…n
 * (a peak of support n, strictly greater than its n neighbours on each side).
 */
export function numberPeaks(x: ArrayLike<number>, support: number): number {
  const n = x.length;
  let count = 0;
  for (let i = support; i < n - support; i++) {
    const v = x[i]!;
    let peak = true;
    for (let j = 1; j <= support && peak; j++) peak = v > x[i - j]! && v > x[i + j]!;
    if (peak) count++;
  }
  return count;
}

export function meanOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

export function varianceOf(x: ArrayLike<number>, mean = meanOf(x)): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - mean) * (x[i]! - mean);
  return s / x.length;
}
