import { historyFeatureNames, historyFeatures, type Matrix, type RulPreprocessor, type UnitSeries, type WindowSet } from '@vigie/ml';

/**
 * What a model's rows are made of. `history` (C-MAPSS sources, from the histories posted whole): every cycle of a
 * unit's history, with its last value, short and long means, long slope and drift from the unit's first cycles per
 * sensor, and the cycle count (historyFeatures, the long window = the preprocessor's window). `window` (simulator
 * sources served online, which only keep the last rows; and C-MAPSS artifacts written before `history`): full windows,
 * each sensor's last value, mean and slope (windowFeatures).
 */
export type RulFeatureSet = 'history' | 'window';

/** Feature rows of run-to-failure units with their capped target and unit id, one row every `stride` cycles back from each unit's end. */
export function trainingRows(
  pre: RulPreprocessor,
  units: readonly UnitSeries[],
  set: RulFeatureSet,
  cycleFeature: boolean,
  stride = 1,
): { X: Matrix; y: Float64Array; unit: Int32Array } {
  if (set === 'window') {
    const windows = pre.trainingWindows(units, stride);
    return { X: windowFeatures(windows, cycleFeature), y: windows.target, unit: windows.unit };
  }
  const prepared = pre.transform(units, true);
  const all = historyFeatures(prepared, 'all', { long: pre.window });
  const keep: number[] = [];
  let row = 0;
  for (const u of prepared) {
    const n = u.cycles.length;
    for (let t = 0; t < n; t++, row++) if ((n - 1 - t) % stride === 0) keep.push(row);
  }
  const target = Float64Array.from(prepared.flatMap((u) => Array.from(u.target!)));
  const unitOfRow = Int32Array.from(prepared.flatMap((u) => Array.from(u.cycles, () => u.unit)));
  const cols = all.cols;
  const data = new Float64Array(keep.length * cols);
  keep.forEach((r, i) => data.set(all.data.subarray(r * cols, (r + 1) * cols), i * cols));
  return {
    X: { rows: keep.length, cols, data },
    y: Float64Array.from(keep, (r) => target[r]!),
    unit: Int32Array.from(keep, (r) => unitOfRow[r]!),
  };
}

/** Feature rows at the last cycle of each unit (a prediction's input). */
export function lastRows(pre: RulPreprocessor, units: readonly UnitSeries[], set: RulFeatureSet, cycleFeature: boolean): Matrix {
  return set === 'window'
    ? windowFeatures(pre.lastWindows(units), cycleFeature)
    : historyFeatures(pre.transform(units), 'last', { long: pre.window });
}

/** Column names of a feature set. */
export function featureNames(pre: RulPreprocessor, set: RulFeatureSet, cycleFeature: boolean): string[] {
  return set === 'window' ? windowFeatureNames(pre.features, cycleFeature) : historyFeatureNames(pre.features);
}

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
