import { bad, expectState, readNumber, readInt } from '../detectors/state';
import { isMlError, MlError } from '../errors';
import type { Matrix } from '../linalg/matrix';
import { createRng } from '../random';
import { binMatrix, sketchCuts } from './gbdt-bins';
import { TreeGrower } from './gbdt-grow';
import { assertFeatures, assertTargets } from './gbdt-input';
import { createLoss } from './gbdt-loss';
import { addBinnedTree, refitLeaves, Sampler } from './gbdt-round';
import { resolveGbdtOptions, type GbdtOptions, type ResolvedGbdtOptions } from './gbdt-options';
import { readRegressionTree, treeToJson, treeValue, type RegressionTree, type RegressionTreeJson } from './gbdt-tree';

/** Extras of one `fit`: a validation set (needed by early stopping) and a per-round hook (progress, cancel). */
export interface GbdtFitOptions {
  readonly validation?: { readonly X: Matrix; readonly y: Float64Array };
  /** Called after every round; returning 'stop' ends training there, keeping the trees grown so far. */
  readonly onRound?: (round: GbdtRound) => 'stop' | void;
}

/** One boosting round: its 0-based index and the losses after it (the validation loss is null without a validation set). */
export interface GbdtRound {
  readonly round: number;
  readonly trainLoss: number;
  readonly validationLoss: number | null;
}

/** What `fit` did: the loss name (rmse, mphe, quantile), its value after each round, and the round kept. */
export interface GbdtFitReport {
  readonly metric: string;
  readonly trainLoss: number[];
  readonly validationLoss: number[];
  /** 0-based round of the last tree kept: the best validation round under early stopping, else the last one. */
  readonly bestIteration: number;
}

/**
 * Gradient-boosted regression trees, histogram-based as xgboost's `tree_method="hist"` (Chen & Guestrin, KDD 2016):
 * second-order gain with L2 penalty λ, γ pruning, min_child_weight, depthwise growth to maxDepth, shrinkage η,
 * per-tree row and feature subsampling (seeded), features cut into ≤ maxBin quantile bins, NaN routed by a learned
 * default direction, and early stopping on a validation set (the trees after the best round are dropped).
 * Objectives: squared error, pseudo-Huber, and the pinball loss for a quantile (leaves refitted to the residuals'
 * quantile). Rows of `X` are samples; NaN marks a missing value, ±Infinity is refused (ML_BAD_INPUT).
 */
export class GradientBoostedTrees {
  readonly kind = 'gbdt';
  readonly options: ResolvedGbdtOptions;
  private model: { cols: number; baseScore: number; trees: RegressionTree[] } | undefined;

  constructor(options: GbdtOptions = {}) {
    this.options = resolveGbdtOptions(options);
  }

  fit(X: Matrix, y: Float64Array, extra: GbdtFitOptions = {}): GbdtFitReport {
    const o = this.options;
    assertFeatures(X, 'X');
    assertTargets(y, 'y', X.rows);
    const valid = extra.validation;
    if (valid) {
      assertFeatures(valid.X, 'validation.X', X.cols);
      assertTargets(valid.y, 'validation.y', valid.X.rows);
    } else if (o.earlyStoppingRounds !== null) {
      throw new MlError('ML_BAD_INPUT', 'earlyStoppingRounds needs a validation set');
    }
    const n = X.rows;
    const cuts = sketchCuts(X, o.maxBin);
    const binned = binMatrix(X, cuts);
    const loss = createLoss(o);
    const baseScore = loss.baseScore(y);
    const pred = new Float64Array(n).fill(baseScore);
    const validPred = new Float64Array(valid?.X.rows ?? 0).fill(baseScore);
    const grad = new Float64Array(n);
    const hess = new Float64Array(n);
    const grower = new TreeGrower(binned, X.cols, cuts, o);
    const sampler = new Sampler(createRng(o.seed), n, X.cols, o);
    const trees: RegressionTree[] = [];
    const report = { metric: loss.metricName, trainLoss: [] as number[], validationLoss: [] as number[], bestIteration: 0 };
    let best = Infinity;
    for (let round = 0; round < o.nEstimators; round++) {
      loss.gradients(y, pred, grad, hess);
      const nRows = sampler.rows(grower.rows);
      const grown = grower.grow(nRows, sampler.features(), grad, hess);
      if (loss.leafQuantile !== null) refitLeaves(grown, grower.rows, y, pred, loss.leafQuantile, o.learningRate);
      trees.push(grown.tree);
      addBinnedTree(grown, binned, X.cols, cuts, pred);
      report.trainLoss.push(loss.metric(y, pred));
      let validationLoss: number | null = null;
      if (valid) {
        for (let i = 0; i < validPred.length; i++) validPred[i]! += treeValue(grown.tree, valid.X.data, i, X.cols);
        validationLoss = loss.metric(valid.y, validPred);
        report.validationLoss.push(validationLoss);
      }
      if (validationLoss === null || o.earlyStoppingRounds === null) report.bestIteration = round;
      else if (validationLoss < best) {
        best = validationLoss;
        report.bestIteration = round;
      }
      if (extra.onRound?.({ round, trainLoss: report.trainLoss[round]!, validationLoss }) === 'stop') break;
      if (o.earlyStoppingRounds !== null && round - report.bestIteration >= o.earlyStoppingRounds) break;
    }
    this.model = { cols: X.cols, baseScore, trees: trees.slice(0, report.bestIteration + 1) };
    return report;
  }

  /** One prediction per row: base score + Σ tree values. Fails with ML_NOT_FITTED before `fit`. */
  predict(X: Matrix): Float64Array {
    const m = this.fitted();
    assertFeatures(X, 'X', m.cols);
    const out = new Float64Array(X.rows).fill(m.baseScore);
    for (const tree of m.trees) for (let i = 0; i < X.rows; i++) out[i]! += treeValue(tree, X.data, i, m.cols);
    return out;
  }

  /** Trees kept (after early stopping). */
  get treeCount(): number {
    return this.fitted().trees.length;
  }

  /** Total split gain of each feature over all trees (xgboost's importance_type="total_gain"). */
  featureImportance(): Float64Array {
    const m = this.fitted();
    const out = new Float64Array(m.cols);
    for (const t of m.trees) for (let k = 0; k < t.feature.length; k++) if (t.feature[k]! >= 0) out[t.feature[k]!]! += t.gain[k]!;
    return out;
  }

  serialize(): GbdtState {
    const m = this.fitted();
    return { kind: 'gbdt', version: 1, cols: m.cols, baseScore: m.baseScore, options: { ...this.options }, trees: m.trees.map(treeToJson) };
  }

  /** The fitted model a `serialize()` state describes; anything malformed fails with ML_BAD_STATE. */
  static fromState(state: unknown): GradientBoostedTrees {
    const s = expectState(state, 'gbdt', 1);
    const cols = readInt(s, 'cols', 1);
    const baseScore = readNumber(s, 'baseScore');
    const rawOptions = s['options'];
    if (typeof rawOptions !== 'object' || rawOptions === null) throw bad('gbdt.options is not an object');
    let model: GradientBoostedTrees;
    try {
      const { earlyStoppingRounds, ...rest } = rawOptions as GbdtOptions & { earlyStoppingRounds?: number | null };
      model = new GradientBoostedTrees({ ...rest, ...(earlyStoppingRounds === null ? {} : { earlyStoppingRounds }) });
    } catch (error) {
      throw isMlError(error, 'ML_BAD_INPUT') ? bad(`gbdt.options: ${error.message}`) : error;
    }
    const raw = s['trees'];
    if (!Array.isArray(raw) || raw.length === 0) throw bad('gbdt.trees is not a non-empty array');
    model.model = { cols, baseScore, trees: raw.map((t: unknown, i) => readRegressionTree(t, i, cols)) };
    return model;
  }

  private fitted(): { cols: number; baseScore: number; trees: RegressionTree[] } {
    if (!this.model) throw new MlError('ML_NOT_FITTED', 'GradientBoostedTrees is not fitted');
    return this.model;
  }
}

/** Serialized model: the resolved options, the starting constant and every tree's flat node arrays. */
export interface GbdtState {
  readonly kind: 'gbdt';
  readonly version: 1;
  readonly cols: number;
  readonly baseScore: number;
  readonly options: ResolvedGbdtOptions;
  readonly trees: RegressionTreeJson[];
  readonly [field: string]: unknown;
}
