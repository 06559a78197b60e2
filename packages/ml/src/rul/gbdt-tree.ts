/** One regression tree of `GradientBoostedTrees`: flat node arrays, prediction, and reading it back from a state. */
import { bad, readArray } from '../detectors/state';

/**
 * Node 0 is the root. An internal node sends a row left when x[feature] < threshold, right when ≥, and a missing
 * value (NaN) left when `defaultLeft` is 1; a leaf has feature −1 and adds `value` (already scaled by the learning
 * rate) to the prediction. `gain` is the loss reduction of an internal node's split (0 at leaves), `cover` the
 * hessian sum of the training rows that reached the node.
 */
export interface RegressionTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly defaultLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly gain: Float64Array;
  readonly cover: Float64Array;
}

/** The leaf value the tree gives row `i` of a row-major `data` with `cols` columns. */
export function treeValue(t: RegressionTree, data: Float64Array, i: number, cols: number): number {
  let node = 0;
  let f = t.feature[0]!;
  while (f >= 0) {
    const x = data[i * cols + f]!;
    const goLeft = x === x ? x < t.threshold[node]! : t.defaultLeft[node] === 1;
    node = goLeft ? t.left[node]! : t.right[node]!;
    f = t.feature[node]!;
  }
  return t.value[node]!;
}

/** Depth of the deepest leaf (a lone root leaf has depth 0). */
export function treeDepth(t: RegressionTree, node = 0): number {
  return t.feature[node]! < 0 ? 0 : 1 + Math.max(treeDepth(t, t.left[node]!), treeDepth(t, t.right[node]!));
}

/** The tree as plain JSON arrays. */
export function treeToJson(t: RegressionTree): RegressionTreeJson {
  return {
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    defaultLeft: Array.from(t.defaultLeft),
    left: Array.from(t.left),
    right: Array.from(t.right),
    value: Array.from(t.value),
    gain: Array.from(t.gain),
    cover: Array.from(t.cover),
  };
}

export interface RegressionTreeJson {
  feature: number[];
  threshold: number[];
  defaultLeft: number[];
  left: number[];
  right: number[];
  value: number[];
  gain: number[];
  cover: number[];
}

/** Reads `trees[i]` of a gbdt state: every field present and finite, features in range, children after their parent. */
export function readRegressionTree(raw: unknown, i: number, cols: number): RegressionTree {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(`gbdt.trees[${i}] is not an object`);
  const s = { kind: `gbdt.trees[${i}]`, version: 1, ...(raw as Record<string, unknown>) };
  const feature = readArray(s, 'feature');
  const n = feature.length;
  if (n === 0) throw bad(`gbdt.trees[${i}] has no nodes`);
  const [threshold, defaultLeft, left, right, value, gain, cover] = [
    'threshold',
    'defaultLeft',
    'left',
    'right',
    'value',
    'gain',
    'cover',
  ].map((field) => readArray(s, field, n)) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  for (let k = 0; k < n; k++) {
    const f = feature[k]!;
    const leaf = f === -1;
    const ok =
      Number.isInteger(f) &&
      f >= -1 &&
      f < cols &&
      (defaultLeft[k] === 0 || defaultLeft[k] === 1) &&
      (leaf || (isChild(left[k]!, k, n) && isChild(right[k]!, k, n) && left[k] !== right[k]));
    if (!ok) throw bad(`gbdt.trees[${i}] node ${k} is malformed`);
  }
  return {
    feature: Int32Array.from(feature),
    threshold,
    defaultLeft: Uint8Array.from(defaultLeft),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value,
    gain,
    cover,
  };
}

function isChild(c: number, parent: number, n: number): boolean {
  return Number.isInteger(c) && c > parent && c < n;
}
