import type { Matrix, WindowSet } from '@vigie/ml';

/**
 * Features of each window for the gradient-boosted trees: per model feature (a selected sensor, standardised in its
 * regime by RulPreprocessor) its last value, its mean and its least-squares slope per cycle over the window, then the
 * cycle count at the window's end (how long the unit has run) unless `cycleFeature` is false (rows whose start is not
 * known online). `3·f + 1` (or `3·f`) columns, named by `windowFeatureNames`.
 */
export function windowFeatures(set: WindowSet, cycleFeature = true): Matrix {
  const { count, length: L, features: f } = set;
  const cols = 3 * f + (cycleFeature ? 1 : 0);
  const data = new Float64Array(count * cols);
  const tMean = (L - 1) / 2;
  let tVar = 0;
  for (let t = 0; t < L; t++) tVar += (t - tMean) ** 2;
  for (let w = 0; w < count; w++) {
    const base = w * L * f;
    const out = w * cols;
    for (let j = 0; j < f; j++) {
      let sum = 0;
      let cross = 0;
      for (let t = 0; t < L; t++) {
        const v = set.data[base + t * f + j]!;
        sum += v;
        cross += (t - tMean) * v;
      }
      data[out + 3 * j] = set.data[base + (L - 1) * f + j]!;
      data[out + 3 * j + 1] = sum / L;
      data[out + 3 * j + 2] = tVar > 0 ? cross / tVar : 0;
    }
    if (cycleFeature) data[out + 3 * f] = set.cycle[w]!;
  }
  return { rows: count, cols, data };
}

export function windowFeatureNames(features: readonly string[], cycleFeature = true): string[] {
  return [...features.flatMap((n) => [`${n}_last`, `${n}_mean`, `${n}_slope`]), ...(cycleFeature ? ['cycles'] : [])];
}
