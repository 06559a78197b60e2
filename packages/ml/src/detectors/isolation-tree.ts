/** One isolation tree (Liu et al. 2008): growing it from a sample, reading it back from a state. Used by IsolationForest. */
import type { Matrix } from '../linalg/matrix';
import type { Rng } from '../random';
import { bad, readArray } from './state';

/** One isolation tree as flat arrays; node 0 is the root, a leaf has feature −1. */
export interface Tree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Training rows that reached the node (used at leaves for the c(size) correction). */
  readonly size: Int32Array;
}

const EULER_GAMMA = 0.5772156649015329;

/** Average path length of an unsuccessful BST search among n points, c(n) (scikit-learn's `_average_path_length`). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** Grows one tree on the sampled `rows` (reordered in place) down to `maxDepth`, splits drawn from `rng`. */
export function growTree(X: Matrix, rows: Int32Array, maxDepth: number, rng: Rng): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const size: number[] = [];
  const featureOrder = Int32Array.from({ length: X.cols }, (_, j) => j);
  const build = (lo: number, hi: number, depth: number): number => {
    const node = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    size.push(hi - lo);
    if (hi - lo < 2 || depth >= maxDepth) return node;
    const split = drawSplit(X, rows, lo, hi, featureOrder, rng);
    if (!split) return node; // every feature constant in this node
    let mid = lo;
    for (let i = lo; i < hi; i++) {
      if (X.data[rows[i]! * X.cols + split.feature]! <= split.threshold) {
        const tmp = rows[mid]!;
        rows[mid++] = rows[i]!;
        rows[i] = tmp;
      }
    }
    feature[node] = split.feature;
    threshold[node] = split.threshold;
    left[node] = build(lo, mid, depth + 1);
    right[node] = build(mid, hi, depth + 1);
    return node;
  };
  build(0, rows.length, 0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    size: Int32Array.from(size),
  };
}

/** A random feature that is not constant among rows[lo, hi) and a uniform threshold in [min, max); none if all constant. */
function drawSplit(
  X: Matrix,
  rows: Int32Array,
  lo: number,
  hi: number,
  order: Int32Array,
  rng: Rng,
): { feature: number; threshold: number } | undefined {
  for (let remaining = order.length; remaining > 0; remaining--) {
    const k = rng.int(remaining);
    const f = order[k]!;
    order[k] = order[remaining - 1]!;
    order[remaining - 1] = f;
    let min = Infinity;
    let max = -Infinity;
    for (let i = lo; i < hi; i++) {
      const v = X.data[rows[i]! * X.cols + f]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (max > min) {
      const t = rng.uniform(min, max);
      return { feature: f, threshold: t >= max ? min : t };
    }
  }
  return undefined;
}

/** Reads `trees[i]` of a state, checking that features exist and children come after their parent (no cycles). */
export function readTree(raw: unknown, i: number, cols: number): Tree {
  if (typeof raw !== 'object' || raw === null) throw bad(`iforest.trees[${i}] is not an object`);
  const s = { kind: `iforest.trees[${i}]`, version: 1, ...(raw as Record<string, unknown>) };
  const feature = readArray(s, 'feature');
  const n = feature.length;
  const left = readArray(s, 'left', n);
  const right = readArray(s, 'right', n);
  const size = readArray(s, 'size', n);
  const threshold = readArray(s, 'threshold', n);
  for (let k = 0; k < n; k++) {
    const f = feature[k]!;
    const isLeaf = f === -1;
    const childrenOk =
      isLeaf || (left[k]! > k && left[k]! < n && right[k]! > k && right[k]! < n && Number.isInteger(left[k]) && Number.isInteger(right[k]));
    if (!(Number.isInteger(f) && f >= -1 && f < cols) || !childrenOk || !Number.isInteger(size[k]) || size[k]! < 0) {
      throw bad(`iforest.trees[${i}] node ${k} is malformed`);
    }
  }
  if (n === 0) throw bad(`iforest.trees[${i}] has no nodes`);
  return {
    feature: Int32Array.from(feature),
    threshold,
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    size: Int32Array.from(size),
  };
}
