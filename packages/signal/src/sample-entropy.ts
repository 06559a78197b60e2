/**
 * Sample entropy with tsfresh's definition (`sample_entropy`, m = 2, r = 0.2·σ, σ the population std):
 *   B = number of ordered pairs (i ≠ j) of the N − m + 1 templates of length m   with Chebyshev distance ≤ r
 *   A = number of ordered pairs (i ≠ j) of the N − m     templates of length m+1 with Chebyshev distance ≤ r
 *   SampEn = −ln(A / B)
 * (Inf when A = 0 < B, NaN when B = 0, like numpy's −log(0/…)). O(N²) time, O(1) memory: each unordered pair is
 * visited once and counted twice, and the length-(m+1) match reuses the length-m comparison.
 */
export function sampleEntropy(x: ArrayLike<number>, m = 2, rFactor = 0.2): number {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let m2 = 0;
  for (let i = 0; i < n; i++) m2 += (x[i]! - mean) * (x[i]! - mean);
  const r = rFactor * Math.sqrt(m2 / n);
  const templatesM = n - m + 1;
  let b = 0;
  let a = 0;
  for (let i = 0; i < templatesM; i++) {
    for (let j = i + 1; j < templatesM; j++) {
      let k = 0;
      while (k < m && Math.abs(x[i + k]! - x[j + k]!) <= r) k++;
      if (k < m) continue;
      b++;
      // templates of length m+1 exist only for start indices < N − m
      if (j + m < n && Math.abs(x[i + m]! - x[j + m]!) <= r) a++;
    }
  }
  return -Math.log((2 * a) / (2 * b));
}
