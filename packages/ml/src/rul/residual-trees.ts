import { MlError } from '../errors';
import type { Matrix } from '../linalg/matrix';
import { GradientBoostedTrees } from './gbdt';
import type { GbdtOptions } from './gbdt-options';

/**
 * The trees of a RUL second stage (RulUncapper, RulTrajectoryStage): feature rows whose first column is the first
 * stage's prediction ŷ, and trees that learn the correction target − ŷ — with nothing to correct they leave ŷ as it
 * is. Fails with ML_BAD_INPUT when `target` does not match the rows or holds a value that is not a finite RUL ≥ 0
 * (`what` names it in the message).
 */
export function fitCorrectionTrees(X: Matrix, target: ArrayLike<number>, options: GbdtOptions, what: string): GradientBoostedTrees {
  if (target.length !== X.rows) throw new MlError('ML_BAD_INPUT', `${what} has ${target.length} values for ${X.rows} rows`);
  const correction = Float64Array.from(target, (v, i) => {
    if (!Number.isFinite(v) || v < 0) throw new MlError('ML_BAD_INPUT', `${what} ${v} at ${i} is not a finite RUL ≥ 0`, { index: i });
    return v - X.data[i * X.cols]!;
  });
  const trees = new GradientBoostedTrees(options);
  trees.fit(X, correction);
  return trees;
}

/** max(0, ŷ + correction) for each row of X (ŷ its first column). */
export function correctedRul(X: Matrix, correction: Float64Array): Float64Array {
  return correction.map((v, i) => Math.max(0, X.data[i * X.cols]! + v));
}
