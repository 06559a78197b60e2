/**
 * The extractor's time-domain block in two passes over the window instead of eleven: pass 1 over the raw samples
 * (sums, extrema, √|x|, sign changes, differences, trend, c3), pass 2 over the centred samples (central moments and
 * the four autocorrelations). Each accumulator adds the same terms in the same order as the single-purpose function
 * it stands for (timeDomainFeatures, shapeFactors, zeroCrossingRate, differenceStatsInto, autocorrelationsInto at lags
 * 1, 2, 5, 10, c3Lags123Into), so the results are equal bit for bit; see those files for the definitions.
 */

import { AUTOCORRELATION_LAGS, C3_LAGS } from './feature-names';

// The loops below are written out for these lags; this fails to compile if the feature names ask for others.
const lags: readonly [1, 2, 5, 10] = AUTOCORRELATION_LAGS;
const c3Lags: readonly [1, 2, 3] = C3_LAGS;
void lags;
void c3Lags;

/** Number of values timeFeaturesInto writes, in the column order of featureNames (mean … c3_lag_3). */
export const TIME_FEATURE_COUNT = 25;

/**
 * Writes mean, std, rms, min, max, skewness, kurtosis, crest_factor, peak_to_peak, variance, shape_factor,
 * impulse_factor, clearance_factor, zero_crossing_rate, trend_slope, abs_energy, mean_abs_change, cid_ce,
 * autocorrelation_lag_{1,2,5,10} and c3_lag_{1,2,3} of x into out[offset…offset + 25).
 */
export function timeFeaturesInto(x: Float64Array, out: Float64Array, offset = 0): void {
  const n = x.length;
  if (n === 0) throw new RangeError('timeDomainFeatures needs at least one sample');
  rawPass(x);
  const mean = raw.sum / n;
  centredPass(x, mean);
  const m2 = centred.m2 / n;
  const std = Math.sqrt(m2);
  const rms = Math.sqrt(raw.sumSq / n);
  const peak = Math.max(Math.abs(raw.min), Math.abs(raw.max)); // = max|x|, as shapeFactors' running maximum
  const meanAbs = raw.sumAbs / n;
  const meanSqrt = raw.sumSqrtAbs / n;
  const degenerate = m2 <= 1e-300 * Math.max(1, mean * mean);
  let k = offset;
  out[k++] = mean;
  out[k++] = std;
  out[k++] = rms;
  out[k++] = raw.min;
  out[k++] = raw.max;
  out[k++] = degenerate ? 0 : centred.m3 / n / Math.pow(m2, 1.5);
  out[k++] = degenerate ? 0 : centred.m4 / n / (m2 * m2) - 3;
  out[k++] = rms > 0 ? peak / rms : 0;
  out[k++] = raw.max - raw.min;
  out[k++] = m2;
  out[k++] = meanAbs > 0 ? Math.sqrt(raw.sumSq / n) / meanAbs : 0;
  out[k++] = meanAbs > 0 ? peak / meanAbs : 0;
  out[k++] = meanSqrt > 0 ? peak / (meanSqrt * meanSqrt) : 0;
  out[k++] = n < 2 ? 0 : raw.crossings / (n - 1);
  out[k++] = n > 1 ? raw.sxy / ((n * (n * n - 1)) / 12) : 0;
  out[k++] = raw.sumSq;
  out[k++] = n > 1 ? raw.absDiff / (n - 1) : Number.NaN;
  out[k++] = std === 0 ? 0 : Math.sqrt(raw.sqDiff) / std;
  const flat = Math.abs(m2) <= 1e-8; // np.isclose(σ², 0): tsfresh's autocorrelation is then NaN
  out[k++] = flat || n < 1 ? Number.NaN : centred.ac1 / ((n - 1) * m2);
  out[k++] = flat || n < 2 ? Number.NaN : centred.ac2 / ((n - 2) * m2);
  out[k++] = flat || n < 5 ? Number.NaN : centred.ac5 / ((n - 5) * m2);
  out[k++] = flat || n < 10 ? Number.NaN : centred.ac10 / ((n - 10) * m2);
  out[k++] = n > 2 ? raw.c3a / (n - 2) : 0;
  out[k++] = n > 4 ? raw.c3b / (n - 4) : 0;
  out[k] = n > 6 ? raw.c3c / (n - 6) : 0;
}

/** Pass-1 accumulators, reused (one window at a time; JS is single-threaded). */
const raw = {
  sum: 0,
  sumSq: 0,
  min: 0,
  max: 0,
  sumAbs: 0,
  sumSqrtAbs: 0,
  crossings: 0,
  absDiff: 0,
  sqDiff: 0,
  sxy: 0,
  c3a: 0,
  c3b: 0,
  c3c: 0,
};

function rawPass(x: Float64Array): void {
  const n = x.length;
  const tMean = (n - 1) / 2;
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  let sumAbs = 0;
  let sumSqrtAbs = 0;
  let sxy = 0;
  let crossings = 0;
  let prevNeg = signBit(x[0]!);
  let absDiff = 0;
  let sqDiff = 0;
  let prev = x[0]!;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const a = Math.abs(v);
    sum += v;
    sumSq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
    sumAbs += a;
    sumSqrtAbs += Math.sqrt(a);
    sxy += (i - tMean) * v;
    // the sign bit as 0/1 without a data-dependent branch (a branch per sign change mispredicts on noisy signals)
    let neg = +(v < 0);
    if (v === 0) neg = +(1 / v < 0); // −0 counts as negative, +0 as positive (np.signbit)
    crossings += neg ^ prevNeg;
    prevNeg = neg;
    const d = v - prev; // 0 at i = 0, which adds nothing
    absDiff += Math.abs(d);
    sqDiff += d * d;
    prev = v;
  }
  // c3: Σ xᵢxᵢ₊ₗxᵢ₊₂ₗ for l = 1, 2, 3, each over every i with i + 2l < N
  let c3a = 0;
  let c3b = 0;
  let c3c = 0;
  let i = 0;
  for (; i + 6 < n; i++) {
    const v = x[i]!;
    c3a += v * x[i + 1]! * x[i + 2]!;
    c3b += v * x[i + 2]! * x[i + 4]!;
    c3c += v * x[i + 3]! * x[i + 6]!;
  }
  for (; i + 2 < n; i++) {
    c3a += x[i]! * x[i + 1]! * x[i + 2]!;
    if (i + 4 < n) c3b += x[i]! * x[i + 2]! * x[i + 4]!;
  }
  raw.sum = sum;
  raw.sumSq = sumSq;
  raw.min = min;
  raw.max = max;
  raw.sumAbs = sumAbs;
  raw.sumSqrtAbs = sumSqrtAbs;
  raw.crossings = crossings;
  raw.absDiff = absDiff;
  raw.sqDiff = sqDiff;
  raw.sxy = sxy;
  raw.c3a = c3a;
  raw.c3b = c3b;
  raw.c3c = c3c;
}

function signBit(v: number): number {
  return +(v < 0 || (v === 0 && 1 / v < 0));
}

/** Pass-2 accumulators: Σd², Σd³, Σd⁴ and Σ dᵢdᵢ₊ₗ for l = 1, 2, 5, 10, with d = x − mean. */
const centred = { m2: 0, m3: 0, m4: 0, ac1: 0, ac2: 0, ac5: 0, ac10: 0 };

function centredPass(x: Float64Array, mean: number): void {
  const n = x.length;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let ac1 = 0;
  let ac2 = 0;
  let ac5 = 0;
  let ac10 = 0;
  let i = 0;
  for (; i + 10 < n; i++) {
    const d = x[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    ac1 += d * (x[i + 1]! - mean);
    ac2 += d * (x[i + 2]! - mean);
    ac5 += d * (x[i + 5]! - mean);
    ac10 += d * (x[i + 10]! - mean);
  }
  for (; i < n; i++) {
    const d = x[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    if (i + 1 < n) ac1 += d * (x[i + 1]! - mean);
    if (i + 2 < n) ac2 += d * (x[i + 2]! - mean);
    if (i + 5 < n) ac5 += d * (x[i + 5]! - mean);
  }
  centred.m2 = m2;
  centred.m3 = m3;
  centred.m4 = m4;
  centred.ac1 = ac1;
  centred.ac2 = ac2;
  centred.ac5 = ac5;
  centred.ac10 = ac10;
}
