/**
 * One-pass versions of the multi-parameter tsfresh features, for the extractor's hot path. Each equals the
 * single-parameter function in tsfresh.ts (unit-tested against it); results go to `out` starting at `offset`.
 */

/** autocorrelation(x, lag) for every lag: Σ (xᵢ − μ)(xᵢ₊ₗ − μ) / ((N − l)·σ²). */
export function autocorrelationsInto(
  x: Float64Array,
  lags: readonly number[],
  mean: number,
  variance: number,
  out: Float64Array,
  offset = 0,
): void {
  const n = x.length;
  for (let j = 0; j < lags.length; j++) {
    const lag = lags[j]!;
    if (n < lag || Math.abs(variance) <= 1e-8) {
      out[offset + j] = Number.NaN;
      continue;
    }
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += (x[i]! - mean) * (x[i + lag]! - mean);
    out[offset + j] = s / ((n - lag) * variance);
  }
}

/** c3 at lags 1, 2, 3 in one pass: mean of xᵢ·xᵢ₊ₗ·xᵢ₊₂ₗ over i < N − 2l. */
export function c3Lags123Into(x: Float64Array, out: Float64Array, offset = 0): void {
  const n = x.length;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i + 6 < n; i++) {
    const v = x[i]!;
    s1 += v * x[i + 1]! * x[i + 2]!;
    s2 += v * x[i + 2]! * x[i + 4]!;
    s3 += v * x[i + 3]! * x[i + 6]!;
  }
  // the tails the shared loop stopped short of
  for (let i = Math.max(0, n - 6); i + 2 < n; i++) s1 += x[i]! * x[i + 1]! * x[i + 2]!;
  for (let i = Math.max(0, n - 6); i + 4 < n; i++) s2 += x[i]! * x[i + 2]! * x[i + 4]!;
  out[offset] = n > 2 ? s1 / (n - 2) : 0;
  out[offset + 1] = n > 4 ? s2 / (n - 4) : 0;
  out[offset + 2] = n > 6 ? s3 / (n - 6) : 0;
}

/**
 * number_peaks for several supports: i counts for support s when s ≤ i < N − s and xᵢ > xᵢ₋ⱼ, xᵢ > xᵢ₊ⱼ for
 * j = 1…s. The candidates are narrowed support by support (a peak of support 10 is one of support 5, …): the first
 * sweep keeps every local maximum, each later one only those that also beat the neighbours up to the next support.
 * Indices are kept by a branch-free append (write, then advance by 0 or 1), since about a quarter of the samples of a
 * vibration signal are local maxima and a branch on that mispredicts constantly. Supports must be integers ≥ 1.
 */
export function numberPeaksInto(x: Float64Array, supports: readonly number[], out: Float64Array, offset = 0): void {
  const n = x.length;
  if (candidates.length < n) candidates = new Int32Array(n);
  const c = candidates;
  let m = -1; // candidates not built yet
  let radius = 0;
  for (let j = 0; j < supports.length; j++) {
    const s = supports[j]!;
    if (!(Number.isInteger(s) && s >= 1)) throw new RangeError(`number_peaks support must be an integer ≥ 1, got ${s}`);
    if (m < 0 || s < radius) {
      m = localMaxima(x, c);
      radius = 1;
    }
    if (s > radius) m = narrow(x, c, m, radius, s);
    radius = s;
    out[offset + j] = m;
  }
}

let candidates = new Int32Array(0);

/** Writes every i in [1, N − 1) with xᵢ₋₁ < xᵢ > xᵢ₊₁ to c; returns how many. */
function localMaxima(x: Float64Array, c: Int32Array): number {
  let m = 0;
  for (let i = 1; i < x.length - 1; i++) {
    const v = x[i]!;
    c[m] = i;
    m += +(v > x[i - 1]!) & +(v > x[i + 1]!);
  }
  return m;
}

/** Keeps, of the m candidates that beat their neighbours within `from`, those in [s, N − s) that beat them within s. */
function narrow(x: Float64Array, c: Int32Array, m: number, from: number, s: number): number {
  const n = x.length;
  let kept = 0;
  for (let q = 0; q < m; q++) {
    const i = c[q]!;
    c[kept] = i;
    if (i < s || i >= n - s) continue; // only near the edges: well predicted
    const v = x[i]!;
    let ok = 1;
    for (let j = from + 1; j <= s; j++) ok &= +(v > x[i - j]!) & +(v > x[i + j]!);
    kept += ok;
  }
  return kept;
}

/**
 * trend_slope, abs_energy, mean_abs_change and cid_ce(normalize=True) in one pass, given the population std σ:
 * Σ(t − t̄)xₜ / (N(N²−1)/12), Σxᵢ², mean|Δx|, √(ΣΔx²)/σ (0 when σ = 0), written to out[offset…offset+3] in that
 * order (the extractor's column order).
 */
export function differenceStatsInto(x: Float64Array, std: number, out: Float64Array, offset = 0): void {
  const n = x.length;
  const tMean = (n - 1) / 2;
  let energy = 0;
  let absDiff = 0;
  let sqDiff = 0;
  let sxy = 0;
  let prev = n > 0 ? x[0]! : 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const d = v - prev;
    energy += v * v;
    absDiff += Math.abs(d);
    sqDiff += d * d;
    sxy += (i - tMean) * v;
    prev = v;
  }
  out[offset] = n > 1 ? sxy / ((n * (n * n - 1)) / 12) : 0;
  out[offset + 1] = energy;
  out[offset + 2] = n > 1 ? absDiff / (n - 1) : Number.NaN;
  out[offset + 3] = std === 0 ? 0 : Math.sqrt(sqDiff) / std;
}
