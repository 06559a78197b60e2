import { MlError } from '../errors';
import type { Matrix } from '../linalg/matrix';
import type { GradientBoostedTrees } from './gbdt';
import type { GbdtOptions } from './gbdt-options';
import { correctedRul, fitCorrectionTrees } from './residual-trees';

/**
 * What the second stage sees of a unit: the first stage's prediction of the RUL capped at the target cap (ŷ), the
 * cycles observed so far, and optionally the first stage's lower/upper quantile predictions of the true RUL.
 */
export interface UncapRows {
  readonly predicted: ArrayLike<number>;
  readonly cycles: ArrayLike<number>;
  readonly lower?: ArrayLike<number>;
  readonly upper?: ArrayLike<number>;
}

export interface RulUncapperOptions {
  /** Trees of the correction; defaults UNCAP_TREES. */
  readonly trees?: GbdtOptions;
  /** Also use the quantile bounds as features (rows must carry `lower` and `upper`, at fit and predict). Default false. */
  readonly bounds?: boolean;
}

/**
 * Small, strongly regularised trees: the correction is fitted on a few hundred calibration rows (5 cuts per training
 * unit) and should only learn the coarse shape "healthy-looking and observed for t cycles → this much RUL beyond ŷ".
 * Depth 2 (one interaction, ŷ × t), ≥ 60 rows per leaf, 100 rounds at η 0.05: chosen by 5-fold-by-unit
 * cross-validation on the C-MAPSS bench's calibration rows (training data only; FD001 seeds 0 and 1, FD004 seed 0),
 * where it was within 0.2 RMSE of stumps, deeper trees, more rounds, or the quantile bounds as extra features.
 */
export const UNCAP_TREES: GbdtOptions = {
  nEstimators: 100,
  learningRate: 0.05,
  maxDepth: 2,
  minChildWeight: 60,
  lambda: 10,
  subsample: 0.8,
};

/**
 * Second stage of a capped RUL model ("uncapping"). A model trained on min(RUL, cap) never predicts above the cap,
 * yet under squared loss the best prediction for a unit that still looks healthy is E[true RUL | what was observed],
 * which depends on how long it has run: a unit at cycle 30 has on average far more life left than one at cycle 200.
 * Fitted on out-of-fold rows — units cut at random cycles and predicted by a model that never saw them, so their
 * ŷ has the error of a new unit's — it learns the residual true RUL − ŷ from (ŷ, cycles observed[, bounds]) with
 * gradient-boosted trees, and predicts max(0, ŷ + correction).
 *
 * The distribution of the cut points is the prior of "how far into its life a unit is observed": the correction is
 * E[true − ŷ | ŷ, t] under that prior, so calibration rows must be cut as the units it will predict were. Trees are
 * piecewise constant: beyond the range of ŷ and t seen at fit the correction stays that of the nearest supported
 * cell (no extrapolation), and where ŷ is well below the cap (degradation visible, capped = true target) the
 * residuals are centred and the correction stays small.
 */
export class RulUncapper {
  private constructor(
    private readonly trees: GradientBoostedTrees,
    private readonly useBounds: boolean,
  ) {}

  /** Fits the correction. Fails with ML_BAD_INPUT on mismatched lengths, non-finite values, or missing bounds. */
  static fit(rows: UncapRows, truth: ArrayLike<number>, options: RulUncapperOptions = {}): RulUncapper {
    const useBounds = options.bounds ?? false;
    const trees = fitCorrectionTrees(uncapFeatures(rows, useBounds), truth, { ...UNCAP_TREES, ...options.trees }, 'truth');
    return new RulUncapper(trees, useBounds);
  }

  /** The correction true − ŷ the trees predict for each row (before the clamp at 0). */
  correction(rows: UncapRows): Float64Array {
    return this.trees.predict(uncapFeatures(rows, this.useBounds));
  }

  /** max(0, ŷ + correction): the predicted true (uncapped) RUL of each row. */
  predict(rows: UncapRows): Float64Array {
    const X = uncapFeatures(rows, this.useBounds);
    return correctedRul(X, this.trees.predict(X));
  }
}

/** Feature rows [ŷ, cycles(, lower, upper)]; checks lengths and finiteness. */
function uncapFeatures(rows: UncapRows, useBounds: boolean): Matrix {
  const columns: ArrayLike<number>[] = [rows.predicted, rows.cycles];
  if (useBounds) {
    if (rows.lower === undefined || rows.upper === undefined)
      throw new MlError('ML_BAD_INPUT', 'this uncapper uses the quantile bounds: rows need lower and upper');
    columns.push(rows.lower, rows.upper);
  }
  const n = rows.predicted.length;
  if (n === 0) throw new MlError('ML_BAD_INPUT', 'no row to uncap');
  const data = new Float64Array(n * columns.length);
  columns.forEach((col, j) => {
    if (col.length !== n) throw new MlError('ML_BAD_INPUT', `uncap columns differ in length (${col.length} vs ${n})`);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (!Number.isFinite(v)) throw new MlError('ML_BAD_INPUT', `uncap input: non-finite value at row ${i}`, { index: i, column: j });
      data[i * columns.length + j] = v;
    }
  });
  return { rows: n, cols: columns.length, data };
}
