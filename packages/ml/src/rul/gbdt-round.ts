/** The steps of one boosting round besides growing the tree: drawing its rows and features, refitting, updating. */
import type { Rng } from '../random';
import type { FeatureCuts } from './gbdt-bins';
import type { GrownTree } from './gbdt-grow';
import { quantileOf } from './gbdt-loss';
import type { ResolvedGbdtOptions } from './gbdt-options';

/** Per-tree draws: round(subsample·n) rows and max(1, ⌊colsample·d⌋) features without replacement, both ascending. */
export class Sampler {
  private readonly rowPool: Int32Array;
  private readonly featurePool: Int32Array;
  private readonly nRows: number;
  private readonly nFeatures: number;

  constructor(
    private readonly rng: Rng,
    n: number,
    cols: number,
    o: ResolvedGbdtOptions,
  ) {
    this.rowPool = Int32Array.from({ length: n }, (_, i) => i);
    this.featurePool = Int32Array.from({ length: cols }, (_, j) => j);
    this.nRows = o.subsample < 1 ? Math.max(1, Math.round(o.subsample * n)) : n;
    this.nFeatures = o.colsampleByTree < 1 ? Math.max(1, Math.floor(o.colsampleByTree * cols)) : cols;
  }

  /** Writes this tree's rows into `into` and returns their count. */
  rows(into: Int32Array): number {
    if (this.nRows === this.rowPool.length) into.set(this.rowPool);
    else into.set(this.draw(this.rowPool, this.nRows).sort());
    return this.nRows;
  }

  features(): Int32Array {
    return this.nFeatures === this.featurePool.length ? this.featurePool.slice() : this.draw(this.featurePool, this.nFeatures).sort();
  }

  /** Partial Fisher–Yates: the first k entries of the (shuffled-in-place) pool, copied. */
  private draw(pool: Int32Array, k: number): Int32Array {
    for (let i = 0; i < k; i++) {
      const j = i + this.rng.int(pool.length - i);
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
    }
    return pool.slice(0, k);
  }
}

/** Adds the tree's value to every training row's prediction, walking the tree on the bins (same routing as training). */
export function addBinnedTree(grown: GrownTree, binned: Uint32Array, cols: number, cuts: FeatureCuts, pred: Float64Array): void {
  const { tree, splitBin } = grown;
  for (let i = 0; i < pred.length; i++) {
    let node = 0;
    let f = tree.feature[0]!;
    while (f >= 0) {
      const local = binned[i * cols + f]! - cuts.slotOffsets[f]!;
      const missing = local === cuts.offsets[f + 1]! - cuts.offsets[f]!;
      node = (missing ? tree.defaultLeft[node] === 1 : local <= splitBin[node]!) ? tree.left[node]! : tree.right[node]!;
      f = tree.feature[node]!;
    }
    pred[i]! += tree.value[node]!;
  }
}

/** Quantile objective: each leaf's value becomes η × the α-quantile of y − ŷ over the tree's rows in that leaf. */
export function refitLeaves(grown: GrownTree, rows: Int32Array, y: Float64Array, pred: Float64Array, alpha: number, eta: number): void {
  const { tree, lo, hi } = grown;
  for (let k = 0; k < tree.feature.length; k++) {
    if (tree.feature[k]! >= 0 || hi[k]! <= lo[k]!) continue;
    const residuals = new Float64Array(hi[k]! - lo[k]!);
    for (let j = lo[k]!; j < hi[k]!; j++) residuals[j - lo[k]!] = y[rows[j]!]! - pred[rows[j]!]!;
    tree.value[k] = eta * quantileOf(residuals.sort(), alpha);
  }
}
