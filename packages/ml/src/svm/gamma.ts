/**
 * scikit-learn's gamma conventions: 'scale' = 1 / (d · X.var()) (1 when the variance is 0) and 'auto' = 1 / d.
 * X.var() is numpy's: the mean and the mean of squared deviations over all n·d values, each summed with numpy's
 * pairwise summation, so that gamma — and with it every kernel value — is bit-identical to scikit-learn's.
 */
export type GammaOption = 'scale' | 'auto' | number;

const BLOCK = 128;

/** numpy's `pairwise_sum` for float64 (numpy/_core/src/umath/loops_utils.h.src), over a[start, start+n). */
export function pairwiseSum(a: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= BLOCK) {
    const r = new Float64Array(8);
    for (let k = 0; k < 8; k++) r[k] = a[start + k]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let k = 0; k < 8; k++) r[k] = r[k]! + a[start + i + k]!;
    }
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.trunc(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** numpy's `x.var()` (ddof 0) over every value of a contiguous array. */
export function numpyVariance(values: Float64Array): number {
  const n = values.length;
  const mean = pairwiseSum(values, 0, n) / n;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dev = values[i]! - mean;
    sq[i] = dev * dev;
  }
  return pairwiseSum(sq, 0, n) / n;
}

export function resolveGamma(gamma: GammaOption, data: Float64Array, d: number): number {
  if (gamma === 'auto') return 1 / d;
  if (gamma === 'scale') {
    const variance = numpyVariance(data);
    return variance !== 0 ? 1 / (d * variance) : 1;
  }
  return gamma;
}
