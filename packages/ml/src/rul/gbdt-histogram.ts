/** The two row passes of tree growth: a node's gradient histogram, and splitting its rows between the children. */
import type { FeatureCuts } from './gbdt-bins';
import type { Split } from './gbdt-split';

/**
 * Σg and Σh of rows[lo, hi) into `hist` (interleaved, one pair per slot of `binned`), over `features` only; with
 * every feature the loop runs without the indirection. The hot loop of training.
 */
export function buildHistogram(
  hist: Float64Array,
  binned: Uint32Array,
  cols: number,
  rows: Int32Array,
  lo: number,
  hi: number,
  features: Int32Array,
  grad: Float64Array,
  hess: Float64Array,
): void {
  hist.fill(0);
  const nf = features.length;
  if (nf === cols) {
    for (let k = lo; k < hi; k++) {
      const i = rows[k]!;
      const g = grad[i]!;
      const h = hess[i]!;
      const base = i * cols;
      for (let f = 0; f < cols; f++) {
        const s = binned[base + f]! << 1;
        hist[s]! += g;
        hist[s + 1]! += h;
      }
    }
    return;
  }
  for (let k = lo; k < hi; k++) {
    const i = rows[k]!;
    const g = grad[i]!;
    const h = hess[i]!;
    const base = i * cols;
    for (let a = 0; a < nf; a++) {
      const s = binned[base + features[a]!]! << 1;
      hist[s]! += g;
      hist[s + 1]! += h;
    }
  }
}

/**
 * Stable partition of rows[lo, hi) by `split`: left rows first (in their order, so later passes stay cache-friendly),
 * then right ones, through `scratch`; returns the boundary.
 */
export function partitionRows(
  binned: Uint32Array,
  cols: number,
  cuts: FeatureCuts,
  rows: Int32Array,
  scratch: Int32Array,
  lo: number,
  hi: number,
  split: Pick<Split, 'feature' | 'bin' | 'defaultLeft'>,
): number {
  const f = split.feature;
  const base = cuts.slotOffsets[f]!;
  const missing = base + cuts.offsets[f + 1]! - cuts.offsets[f]!;
  const last = base + split.bin;
  let nl = lo;
  let nr = 0;
  for (let k = lo; k < hi; k++) {
    const i = rows[k]!;
    const s = binned[i * cols + f]!;
    if (s === missing ? split.defaultLeft : s <= last) rows[nl++] = i;
    else scratch[nr++] = i;
  }
  rows.set(scratch.subarray(0, nr), nl);
  return nl;
}
