import { MlError } from '../errors';
import type { Matrix } from '../linalg/matrix';
import type { GradientBoostedTrees } from './gbdt';
import type { GbdtOptions } from './gbdt-options';
import { correctedRul, fitCorrectionTrees } from './residual-trees';
import type { UnitSeries } from './series';

/**
 * Lags, in cycles, at which the first stage is asked again: the unit as it was `lag` cycles before its last one.
 * Dense near 0 (the recent predictions are the most informative), sparser up to 30 (the longest lag the features of
 * one prediction still overlap with; C-MAPSS test units keep at least 31 cycles).
 */
export const TRAJECTORY_LAGS: readonly number[] = [0, 1, 2, 3, 4, 6, 8, 10, 13, 16, 20, 25, 30];

/**
 * Small, regularised trees: the stage is fitted on a few thousand out-of-fold rows and should learn smooth
 * corrections (how much to trust the latest prediction against the earlier ones shifted by their lag, and the bias of
 * the first stage given how long the unit has run). Depth 2, ≥ 50 rows per leaf, 300 rounds at η 0.03: compared with
 * depth 3 on the C-MAPSS bench's validation protocol (training data only; see docs/rul.md, C-MAPSS bench).
 */
export const TRAJECTORY_TREES: GbdtOptions = {
  nEstimators: 300,
  learningRate: 0.03,
  maxDepth: 2,
  minChildWeight: 50,
  lambda: 5,
  seed: 3,
};

/**
 * What the stage sees of a unit: `lagged[j][i]`, the first stage's prediction for unit i cut `lags[j]` cycles before
 * its last cycle (lag 0 = the prediction itself), and the cycles observed up to the last one.
 */
export interface TrajectoryRows {
  readonly lagged: readonly ArrayLike<number>[];
  readonly cycles: ArrayLike<number>;
}

export interface RulTrajectoryOptions {
  /** Lags of the rows' `lagged` columns; must start with 0. Default TRAJECTORY_LAGS. */
  readonly lags?: readonly number[];
  /** Trees of the stage; default TRAJECTORY_TREES. */
  readonly trees?: GbdtOptions;
}

/**
 * The unit without its last `drop` rows (at least one row is kept): the unit as it was `drop` cycles earlier. Its
 * `rulAtEnd` grows by the cycles removed, so a training target stays exact.
 */
export function unitPrefix(u: UnitSeries, drop: number): UnitSeries {
  if (!Number.isInteger(drop) || drop < 0) throw new MlError('ML_BAD_INPUT', `drop wants an integer ≥ 0, got ${drop}`);
  const n = u.cycles.length;
  const keep = Math.max(1, n - drop);
  if (keep === n) return u;
  const rows = (m: Matrix): Matrix => ({ rows: keep, cols: m.cols, data: m.data.slice(0, keep * m.cols) });
  return {
    unit: u.unit,
    cycles: u.cycles.slice(0, keep),
    settings: rows(u.settings),
    sensors: rows(u.sensors),
    ...(u.rulAtEnd !== undefined ? { rulAtEnd: u.rulAtEnd + u.cycles[n - 1]! - u.cycles[keep - 1]! } : {}),
  };
}

/** The first stage's predictions of every unit at every lag: `predict` is called once per lag on all the units' prefixes. */
export function laggedPredictions(
  units: readonly UnitSeries[],
  predict: (units: readonly UnitSeries[]) => ArrayLike<number>,
  lags: readonly number[] = TRAJECTORY_LAGS,
): TrajectoryRows {
  checkLags(lags);
  return {
    lagged: lags.map((lag) => Float64Array.from(predict(units.map((u) => unitPrefix(u, lag))))),
    cycles: Float64Array.from(units, (u) => u.cycles.length),
  };
}

/**
 * Second stage refining a RUL prediction from the unit's recent trajectory of predictions ("temporal stacking").
 * One prediction at the last cycle carries the noise of that cycle's window features; the same model asked at the
 * earlier cycles t − k, shifted by k (a unit k cycles younger had k more cycles to live, below the cap), gives
 * further, partly independent estimates. Gradient-boosted trees learn from [ŷ_t, ŷ_{t−k} − k for each lag k, cycles
 * observed] the capped target: how to weigh them, where the shift does not hold (a healthy unit's prediction stays at
 * the cap), and the first stage's remaining bias given how long the unit has run.
 *
 * Fitted on out-of-fold rows — training units cut at random cycles and predicted, at every lag, by a model that
 * never saw them — so the inputs carry a new unit's errors. As with any stage fitted on cut units, the cut points'
 * distribution is its prior of how far into their lives units are observed.
 */
export class RulTrajectoryStage {
  private constructor(
    private readonly trees: GradientBoostedTrees,
    readonly lags: readonly number[],
  ) {}

  /**
   * Fits the stage on rows and their target (the capped RUL). Fails with ML_BAD_INPUT on lags not starting at 0 or
   * not increasing, mismatched lengths, non-finite values, or a negative target.
   */
  static fit(rows: TrajectoryRows, target: ArrayLike<number>, options: RulTrajectoryOptions = {}): RulTrajectoryStage {
    const lags = options.lags ?? TRAJECTORY_LAGS;
    checkLags(lags);
    const trees = fitCorrectionTrees(trajectoryFeatures(rows, lags), target, { ...TRAJECTORY_TREES, ...options.trees }, 'target');
    return new RulTrajectoryStage(trees, lags);
  }

  /** The refined RUL of each row, max(0, ŷ_t + correction). */
  predict(rows: TrajectoryRows): Float64Array {
    const X = trajectoryFeatures(rows, this.lags);
    return correctedRul(X, this.trees.predict(X));
  }
}

function checkLags(lags: readonly number[]): void {
  if (lags.length === 0 || lags[0] !== 0)
    throw new MlError('ML_BAD_INPUT', `lags must start with 0 (the prediction itself), got [${lags.join(', ')}]`);
  for (let j = 1; j < lags.length; j++)
    if (!Number.isInteger(lags[j]) || lags[j]! <= lags[j - 1]!)
      throw new MlError('ML_BAD_INPUT', `lags must be increasing integers, got [${lags.join(', ')}]`);
}

/** Feature rows [ŷ_t, ŷ_{t−k} − k for each lag k > 0, cycles]; checks widths, lengths and finiteness. */
function trajectoryFeatures(rows: TrajectoryRows, lags: readonly number[]): Matrix {
  if (rows.lagged.length !== lags.length)
    throw new MlError('ML_BAD_INPUT', `rows carry ${rows.lagged.length} lagged predictions, the stage uses ${lags.length} lags`);
  const n = rows.cycles.length;
  if (n === 0) throw new MlError('ML_BAD_INPUT', 'no row to refine');
  const cols = lags.length + 1;
  const data = new Float64Array(n * cols);
  const put = (col: ArrayLike<number>, j: number, shift: number): void => {
    if (col.length !== n) throw new MlError('ML_BAD_INPUT', `trajectory columns differ in length (${col.length} vs ${n})`);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (!Number.isFinite(v)) throw new MlError('ML_BAD_INPUT', `trajectory input: non-finite value at row ${i}`, { index: i, column: j });
      data[i * cols + j] = v - shift;
    }
  };
  lags.forEach((lag, j) => put(rows.lagged[j]!, j, lag));
  put(rows.cycles, lags.length, 0);
  return { rows: n, cols, data };
}
