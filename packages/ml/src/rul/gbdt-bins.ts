/**
 * The quantile sketch and the binned feature matrix of histogram boosting (xgboost's `tree_method="hist"`): each
 * feature's values are cut into at most `maxBin` bins at rank quantiles, and the trees only ever split between bins,
 * so training scans bin histograms instead of sorted values.
 */
import type { Matrix } from '../linalg/matrix';

/**
 * Bin boundaries of every feature. Feature f's cuts are `cuts[offsets[f] … offsets[f+1])`, ascending; a finite value x
 * falls in bin b = #{cuts ≤ x} (the last cut exceeds the feature's maximum, so b < the cut count). Splitting after
 * bin b therefore sends `x < cuts[b]` left — the threshold a tree stores. NaN (missing) has its own bin, numbered
 * after the last: the histogram of feature f occupies `slotOffsets[f] … slotOffsets[f+1])` = its bins, then missing.
 */
export interface FeatureCuts {
  readonly cuts: Float64Array;
  readonly offsets: Int32Array;
  readonly slotOffsets: Int32Array;
  /** Each feature's smallest finite value (NaN when it has none): the threshold of a "missing alone" split. */
  readonly mins: Float64Array;
}

/**
 * Cuts as xgboost's `HistogramCuts`: when a feature has at most `maxBin` distinct values each gets its own bin (cuts
 * at the distinct values after the smallest); otherwise the cuts are the values at ranks i·(n−1)/(maxBin−1),
 * i = 1 … maxBin−1, duplicates dropped. A last cut max + (|max| + 1e-5) closes the range. A feature with no finite
 * value has no bins (only the missing slot) and is never split.
 */
export function sketchCuts(X: Matrix, maxBin: number): FeatureCuts {
  const { rows, cols, data } = X;
  const perFeature: Float64Array[] = [];
  const column = new Float64Array(rows);
  const mins = new Float64Array(cols).fill(NaN);
  for (let f = 0; f < cols; f++) {
    let n = 0;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + f]!;
      if (v === v) column[n++] = v; // v === v excludes NaN
    }
    const sorted = column.subarray(0, n).sort();
    if (n > 0) mins[f] = sorted[0]!;
    perFeature.push(featureCuts(sorted, maxBin));
  }
  const offsets = new Int32Array(cols + 1);
  const slotOffsets = new Int32Array(cols + 1);
  for (let f = 0; f < cols; f++) {
    offsets[f + 1] = offsets[f]! + perFeature[f]!.length;
    slotOffsets[f + 1] = slotOffsets[f]! + perFeature[f]!.length + 1;
  }
  const cuts = new Float64Array(offsets[cols]!);
  perFeature.forEach((c, f) => cuts.set(c, offsets[f]!));
  return { cuts, offsets, slotOffsets, mins };
}

/** The cuts of one feature from its sorted finite values. */
function featureCuts(sorted: Float64Array, maxBin: number): Float64Array {
  const n = sorted.length;
  if (n === 0) return new Float64Array(0);
  const out: number[] = [];
  let distinct = 1;
  for (let i = 1; i < n && distinct <= maxBin; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct <= maxBin) {
    for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) out.push(sorted[i]!);
  } else {
    for (let i = 1; i < maxBin; i++) {
      const v = sorted[Math.round((i * (n - 1)) / (maxBin - 1))]!;
      if (v > sorted[0]! && (out.length === 0 || v > out[out.length - 1]!)) out.push(v);
    }
  }
  const max = sorted[n - 1]!;
  out.push(max + (Math.abs(max) + 1e-5));
  return Float64Array.from(out);
}

/** Bin of a finite value among `cuts[lo, hi)`: the count of cuts ≤ x (binary search). */
export function binOf(cuts: Float64Array, lo: number, hi: number, x: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (cuts[m]! <= x) a = m + 1;
    else b = m;
  }
  // A value beyond the training maximum lands past the last bin; the last bin holds it (no split separates them).
  return Math.min(a, hi - 1) - lo;
}

/**
 * X as histogram slots, row-major: entry (i, f) is `slotOffsets[f]` + the bin of x(i, f), or + the bin count when
 * x(i, f) is NaN. Adding a row's gradient to `hist[slot]` for each f is then one indexed add per feature.
 */
export function binMatrix(X: Matrix, c: FeatureCuts): Uint32Array {
  const { rows, cols, data } = X;
  const out = new Uint32Array(rows * cols);
  for (let f = 0; f < cols; f++) {
    const lo = c.offsets[f]!;
    const hi = c.offsets[f + 1]!;
    const base = c.slotOffsets[f]!;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + f]!;
      out[i * cols + f] = base + (v === v && hi > lo ? binOf(c.cuts, lo, hi, v) : hi - lo);
    }
  }
  return out;
}
