import { MlError } from '../errors';
import { assertMatrix, type Matrix } from '../linalg/matrix';
import { createRng } from '../random';
import type { Detector, DetectorState } from './detector';
import { averagePathLength, growTree, readTree, type Tree } from './isolation-tree';
import { bad, expectState, readInt } from './state';

export interface IsolationForestOptions {
  /** Trees. Default 100. */
  readonly nEstimators?: number;
  /** Rows drawn (without replacement) per tree; capped at the row count. Default 256 (scikit-learn's 'auto'). */
  readonly maxSamples?: number;
  /** PRNG seed: the same seed and data give the same forest. Default 0. */
  readonly seed?: number;
}

/**
 * Isolation Forest (Liu, Ting & Zhou, ICDM 2008) as scikit-learn's IsolationForest with its defaults: each tree is
 * grown on ψ = min(maxSamples, n) rows drawn without replacement, to depth ⌈log₂ ψ⌉, splitting on a random
 * non-constant feature at a uniform threshold in [min, max); a row's path length is its depth plus c(leaf size);
 * score = 2^(−mean path / c(ψ)) in (0, 1), higher = more anomalous. PyOD's decision_function is this score minus a
 * contamination offset (same ranking); the forest itself differs from scikit-learn's by the PRNG, not the algorithm.
 */
export class IsolationForest implements Detector {
  readonly kind = 'iforest';
  private readonly nEstimators: number;
  private readonly maxSamples: number;
  private readonly seed: number;
  private forest: { cols: number; psi: number; trees: Tree[] } | undefined;

  constructor(options: IsolationForestOptions = {}) {
    this.nEstimators = options.nEstimators ?? 100;
    this.maxSamples = options.maxSamples ?? 256;
    this.seed = options.seed ?? 0;
    if (!Number.isInteger(this.nEstimators) || this.nEstimators < 1)
      throw new MlError('ML_BAD_INPUT', `nEstimators ${this.nEstimators} is not an integer ≥ 1`);
    if (!Number.isInteger(this.maxSamples) || this.maxSamples < 1)
      throw new MlError('ML_BAD_INPUT', `maxSamples ${this.maxSamples} is not an integer ≥ 1`);
    if (!Number.isInteger(this.seed)) throw new MlError('ML_BAD_INPUT', `seed ${this.seed} is not an integer`);
  }

  fit(X: Matrix): void {
    assertMatrix(X, 'X');
    const rng = createRng(this.seed);
    const psi = Math.min(this.maxSamples, X.rows);
    const maxDepth = Math.ceil(Math.log2(Math.max(psi, 2)));
    const indices = Int32Array.from({ length: X.rows }, (_, i) => i);
    const trees: Tree[] = [];
    for (let t = 0; t < this.nEstimators; t++) {
      // Partial Fisher–Yates: the first ψ entries become a uniform sample without replacement.
      for (let i = 0; i < psi; i++) {
        const j = i + rng.int(X.rows - i);
        const tmp = indices[i]!;
        indices[i] = indices[j]!;
        indices[j] = tmp;
      }
      trees.push(growTree(X, indices.slice(0, psi), maxDepth, rng));
    }
    this.forest = { cols: X.cols, psi, trees };
  }

  score(X: Matrix): Float64Array {
    const f = this.fitted();
    assertMatrix(X, 'X', f.cols);
    const out = new Float64Array(X.rows);
    const norm = averagePathLength(f.psi) * f.trees.length;
    for (let i = 0; i < X.rows; i++) {
      let total = 0;
      for (const tree of f.trees) {
        let node = 0;
        let depth = 0;
        while (tree.feature[node]! >= 0) {
          node = X.data[i * X.cols + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
          depth++;
        }
        total += depth + averagePathLength(tree.size[node]!);
      }
      // ψ = 1 gives c(ψ) = 0; scikit-learn then takes the ratio as 1 (score 0.5, nothing stands out).
      out[i] = norm > 0 ? 2 ** (-total / norm) : 0.5;
    }
    return out;
  }

  serialize(): IsolationForestState {
    const f = this.fitted();
    return {
      kind: 'iforest',
      version: 1,
      cols: f.cols,
      psi: f.psi,
      seed: this.seed,
      trees: f.trees.map((t) => ({
        feature: Array.from(t.feature),
        threshold: Array.from(t.threshold),
        left: Array.from(t.left),
        right: Array.from(t.right),
        size: Array.from(t.size),
      })),
    };
  }

  static fromState(state: unknown): IsolationForest {
    const s = expectState(state, 'iforest', 1);
    const cols = readInt(s, 'cols', 1);
    const psi = readInt(s, 'psi', 1);
    const raw = s['trees'];
    if (!Array.isArray(raw) || raw.length === 0) throw bad('iforest.trees is not a non-empty array');
    const trees = raw.map((t: unknown, i) => readTree(t, i, cols));
    const detector = new IsolationForest({ nEstimators: trees.length, maxSamples: psi, seed: readInt(s, 'seed', -(2 ** 53)) });
    detector.forest = { cols, psi, trees };
    return detector;
  }

  private fitted(): { cols: number; psi: number; trees: Tree[] } {
    if (!this.forest) throw new MlError('ML_NOT_FITTED', 'IsolationForest is not fitted');
    return this.forest;
  }
}

/** Serialized Isolation Forest: ψ, the seed it was grown with, and every tree's flat node arrays. */
export interface IsolationForestState extends DetectorState {
  readonly kind: 'iforest';
  readonly version: 1;
  readonly cols: number;
  readonly psi: number;
  readonly seed: number;
  readonly trees: { feature: number[]; threshold: number[]; left: number[]; right: number[]; size: number[] }[];
}
