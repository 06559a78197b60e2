import { MlError } from '../errors';

/** What the trees minimise: squared error (the mean), pseudo-Huber (robust mean) or the pinball loss (a quantile). */
export type GbdtObjective = 'squared-error' | 'pseudo-huber' | 'quantile';

/**
 * Hyper-parameters of `GradientBoostedTrees`, named and defaulted as xgboost's (`eta` → learningRate, `lambda`
 * → lambda, `min_split_loss` → gamma, …) so a configuration reads the same in both.
 */
export interface GbdtOptions {
  /** Boosting rounds (one tree each). Default 100. */
  readonly nEstimators?: number;
  /** Shrinkage η applied to every leaf value, in (0, 1]. Default 0.3. */
  readonly learningRate?: number;
  /** Deepest level a node may be split at (the root is level 0), ≥ 1. Default 6. */
  readonly maxDepth?: number;
  /** L2 penalty λ on leaf values, ≥ 0. Default 1. */
  readonly lambda?: number;
  /** Minimum loss reduction γ a split must bring to survive pruning, ≥ 0. Default 0. */
  readonly gamma?: number;
  /** Minimum hessian sum in each child of a split, ≥ 0 (for squared error: the row count). Default 1. */
  readonly minChildWeight?: number;
  /** Fraction of rows drawn (without replacement) for each tree, in (0, 1]. Default 1. */
  readonly subsample?: number;
  /** Fraction of features drawn for each tree, in (0, 1] (at least one). Default 1. */
  readonly colsampleByTree?: number;
  /** Most bins per feature in the quantile sketch, in [2, 65535]. Default 256. */
  readonly maxBin?: number;
  /** Default 'squared-error'. */
  readonly objective?: GbdtObjective;
  /** δ of the pseudo-Huber loss δ²(√(1 + (r/δ)²) − 1), > 0. Default 1. */
  readonly huberSlope?: number;
  /** The quantile α in (0, 1) the 'quantile' objective estimates. Default 0.5 (the median). */
  readonly quantileAlpha?: number;
  /** Stop when the validation loss has not improved for this many rounds (needs a validation set). Default: never. */
  readonly earlyStoppingRounds?: number;
  /** Seed of the row and feature sampling. Default 0. */
  readonly seed?: number;
}

/** Every option set; `earlyStoppingRounds` is null when training never stops early. */
export type ResolvedGbdtOptions = { readonly [K in Exclude<keyof GbdtOptions, 'earlyStoppingRounds'>]-?: NonNullable<GbdtOptions[K]> } & {
  readonly earlyStoppingRounds: number | null;
};

/** The options with their defaults, every value checked; anything out of range fails with ML_BAD_INPUT. */
export function resolveGbdtOptions(options: GbdtOptions = {}): ResolvedGbdtOptions {
  const o = {
    nEstimators: options.nEstimators ?? 100,
    learningRate: options.learningRate ?? 0.3,
    maxDepth: options.maxDepth ?? 6,
    lambda: options.lambda ?? 1,
    gamma: options.gamma ?? 0,
    minChildWeight: options.minChildWeight ?? 1,
    subsample: options.subsample ?? 1,
    colsampleByTree: options.colsampleByTree ?? 1,
    maxBin: options.maxBin ?? 256,
    objective: options.objective ?? 'squared-error',
    huberSlope: options.huberSlope ?? 1,
    quantileAlpha: options.quantileAlpha ?? 0.5,
    earlyStoppingRounds: options.earlyStoppingRounds ?? null,
    seed: options.seed ?? 0,
  };
  integer('nEstimators', o.nEstimators, 1, 1e6);
  integer('maxDepth', o.maxDepth, 1, 30);
  integer('maxBin', o.maxBin, 2, 65535);
  integer('seed', o.seed, -(2 ** 53), 2 ** 53);
  if (o.earlyStoppingRounds !== null) integer('earlyStoppingRounds', o.earlyStoppingRounds, 1, 1e6);
  range('learningRate', o.learningRate, (v) => v > 0 && v <= 1, 'in (0, 1]');
  range('lambda', o.lambda, (v) => v >= 0, '≥ 0');
  range('gamma', o.gamma, (v) => v >= 0, '≥ 0');
  range('minChildWeight', o.minChildWeight, (v) => v >= 0, '≥ 0');
  range('subsample', o.subsample, (v) => v > 0 && v <= 1, 'in (0, 1]');
  range('colsampleByTree', o.colsampleByTree, (v) => v > 0 && v <= 1, 'in (0, 1]');
  range('huberSlope', o.huberSlope, (v) => v > 0, '> 0');
  range('quantileAlpha', o.quantileAlpha, (v) => v > 0 && v < 1, 'in (0, 1)');
  if (!['squared-error', 'pseudo-huber', 'quantile'].includes(o.objective)) {
    throw new MlError('ML_BAD_INPUT', `objective ${JSON.stringify(o.objective)} is not squared-error, pseudo-huber or quantile`);
  }
  return o;
}

function integer(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) throw new MlError('ML_BAD_INPUT', `${name} ${v} is not an integer in [${min}, ${max}]`);
}

function range(name: string, v: number, ok: (v: number) => boolean, what: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new MlError('ML_BAD_INPUT', `${name} ${v} is not ${what}`);
}
