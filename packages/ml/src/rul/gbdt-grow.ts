/**
 * Grows one regression tree level by level (xgboost's depthwise policy) on the binned matrix: a node's histogram of
 * (Σg, Σh) per bin gives its best split; of two siblings only the smaller one's histogram is built from its rows, the
 * larger one's is the parent's minus it (histogram subtraction), and the last level needs none.
 */
import type { FeatureCuts } from './gbdt-bins';
import type { ResolvedGbdtOptions } from './gbdt-options';
import { buildHistogram, partitionRows } from './gbdt-histogram';
import { bestSplit } from './gbdt-split';
import type { RegressionTree } from './gbdt-tree';

/** A grown tree with what training needs besides: each node's split bin and its rows' range in the grower's `rows`. */
export interface GrownTree {
  readonly tree: RegressionTree;
  readonly splitBin: Int32Array;
  readonly lo: Int32Array;
  readonly hi: Int32Array;
}

type TreeOptions = Pick<ResolvedGbdtOptions, 'maxDepth' | 'lambda' | 'gamma' | 'minChildWeight' | 'learningRate'>;

interface OpenNode {
  id: number;
  lo: number;
  hi: number;
  g: number;
  h: number;
  hist: Float64Array | null;
}

export class TreeGrower {
  /** The sampled rows of the current tree, partitioned in place so every node owns a contiguous range. */
  readonly rows: Int32Array;
  private readonly scratch: Int32Array;
  private readonly free: Float64Array[] = [];
  private readonly histLength: number;
  // The tree under construction, one entry per node.
  private feature: number[] = [];
  private bin: number[] = [];
  private threshold: number[] = [];
  private defaultLeft: number[] = [];
  private left: number[] = [];
  private right: number[] = [];
  private value: number[] = [];
  private gain: number[] = [];
  private cover: number[] = [];
  private nodeLo: number[] = [];
  private nodeHi: number[] = [];

  constructor(
    private readonly binned: Uint32Array,
    private readonly cols: number,
    private readonly cuts: FeatureCuts,
    private readonly o: TreeOptions,
  ) {
    const n = binned.length / cols;
    this.rows = new Int32Array(n);
    this.scratch = new Int32Array(n);
    this.histLength = 2 * cuts.slotOffsets[cols]!;
  }

  /** Grows a tree on `rows[0, nRows)` (ascending row indices), splitting only on `features` (ascending). */
  grow(nRows: number, features: Int32Array, grad: Float64Array, hess: Float64Array): GrownTree {
    this.reset();
    let g = 0;
    let h = 0;
    for (let k = 0; k < nRows; k++) {
      g += grad[this.rows[k]!]!;
      h += hess[this.rows[k]!]!;
    }
    const rootHist = this.acquire();
    this.histogram(rootHist, 0, nRows, features, grad, hess);
    let level: OpenNode[] = [{ id: this.addNode(g, h, 0, nRows), lo: 0, hi: nRows, g, h, hist: rootHist }];
    for (let depth = 0; depth < this.o.maxDepth && level.length > 0; depth++) {
      const next: OpenNode[] = [];
      for (const node of level) {
        const split = bestSplit(node.hist!, node.g, node.h, features, this.cuts, this.o.lambda, this.o.minChildWeight);
        if (!split) {
          this.release(node.hist!);
          continue;
        }
        const mid = partitionRows(this.binned, this.cols, this.cuts, this.rows, this.scratch, node.lo, node.hi, split);
        const l: OpenNode = { id: -1, lo: node.lo, hi: mid, g: split.gLeft, h: split.hLeft, hist: null };
        const r: OpenNode = { id: -1, lo: mid, hi: node.hi, g: split.gRight, h: split.hRight, hist: null };
        l.id = this.addNode(l.g, l.h, l.lo, l.hi);
        r.id = this.addNode(r.g, r.h, r.lo, r.hi);
        const k = node.id;
        this.feature[k] = split.feature;
        this.bin[k] = split.bin;
        const f = split.feature;
        this.threshold[k] = split.bin >= 0 ? this.cuts.cuts[this.cuts.offsets[f]! + split.bin]! : this.cuts.mins[f]!;
        this.defaultLeft[k] = split.defaultLeft ? 1 : 0;
        this.left[k] = l.id;
        this.right[k] = r.id;
        this.gain[k] = split.gain;
        if (depth + 1 < this.o.maxDepth) {
          const [small, large] = mid - node.lo <= node.hi - mid ? [l, r] : [r, l];
          small.hist = this.acquire();
          this.histogram(small.hist, small.lo, small.hi, features, grad, hess);
          large.hist = node.hist!;
          // Subtracting costs one pass over the histogram; a small node's own rows can cost less.
          if (2 * (large.hi - large.lo) * features.length < this.histLength)
            this.histogram(large.hist, large.lo, large.hi, features, grad, hess);
          else for (let s = 0; s < this.histLength; s++) large.hist[s]! -= small.hist[s]!;
        } else {
          this.release(node.hist!);
        }
        next.push(l, r);
      }
      level = next;
    }
    for (const node of level) if (node.hist) this.release(node.hist);
    this.pruneByGamma();
    return this.compact();
  }

  private addNode(g: number, h: number, lo: number, hi: number): number {
    this.feature.push(-1);
    this.bin.push(-1);
    this.threshold.push(0);
    this.defaultLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push((-g / (h + this.o.lambda)) * this.o.learningRate);
    this.gain.push(0);
    this.cover.push(h);
    this.nodeLo.push(lo);
    this.nodeHi.push(hi);
    return this.feature.length - 1;
  }

  /**
   * xgboost's pruner: bottom-up, a split whose two children are leaves and whose gain is below γ is undone (its node
   * becomes a leaf again, valued by its own G, H). A weak split above a strong one therefore survives.
   */
  private pruneByGamma(): void {
    if (this.o.gamma <= 0) return;
    for (let k = this.feature.length - 1; k >= 0; k--) {
      if (this.feature[k]! < 0) continue;
      const childrenAreLeaves = this.feature[this.left[k]!]! < 0 && this.feature[this.right[k]!]! < 0;
      if (childrenAreLeaves && this.gain[k]! < this.o.gamma) {
        this.feature[k] = -1;
        this.gain[k] = 0;
      }
    }
  }

  /** The reachable nodes renumbered breadth-first (pruning leaves orphans), as typed arrays. */
  private compact(): GrownTree {
    const order: number[] = [0];
    for (let q = 0; q < order.length; q++) {
      const k = order[q]!;
      if (this.feature[k]! >= 0) order.push(this.left[k]!, this.right[k]!);
    }
    const newId = new Map(order.map((k, j) => [k, j]));
    const pick = (a: number[]): number[] => order.map((k) => a[k]!);
    const leaf = order.map((k) => this.feature[k]! < 0);
    const child = (a: number[]): Int32Array => Int32Array.from(order.map((k, j) => (leaf[j] ? -1 : newId.get(a[k]!)!)));
    return {
      tree: {
        feature: Int32Array.from(pick(this.feature)),
        threshold: Float64Array.from(order.map((k, j) => (leaf[j] ? 0 : this.threshold[k]!))),
        defaultLeft: Uint8Array.from(order.map((k, j) => (leaf[j] ? 0 : this.defaultLeft[k]!))),
        left: child(this.left),
        right: child(this.right),
        value: Float64Array.from(pick(this.value)),
        gain: Float64Array.from(pick(this.gain)),
        cover: Float64Array.from(pick(this.cover)),
      },
      splitBin: Int32Array.from(order.map((k, j) => (leaf[j] ? -1 : this.bin[k]!))),
      lo: Int32Array.from(pick(this.nodeLo)),
      hi: Int32Array.from(pick(this.nodeHi)),
    };
  }

  private histogram(hist: Float64Array, lo: number, hi: number, features: Int32Array, grad: Float64Array, hess: Float64Array): void {
    buildHistogram(hist, this.binned, this.cols, this.rows, lo, hi, features, grad, hess);
  }

  private reset(): void {
    for (const a of [this.feature, this.bin, this.threshold, this.defaultLeft, this.left, this.right, this.value, this.gain, this.cover]) {
      a.length = 0;
    }
    this.nodeLo.length = 0;
    this.nodeHi.length = 0;
  }

  private acquire(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.histLength);
  }

  private release(hist: Float64Array): void {
    this.free.push(hist);
  }
}
