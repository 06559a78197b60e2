import { MlError } from '../errors';

/**
 * How a calibration residual is measured: `absolute` |y − ŷ| (split conformal, Lei et al. 2018), `normalized`
 * |y − ŷ| / σ̂ with a per-row difficulty σ̂ > 0 (Papadopoulos et al. 2008; intervals widen where the model is less sure,
 * e.g. far from failure), `cqr` max(lo − y, y − hi) over predicted lower/upper quantiles (Romano, Patterson & Candès
 * 2019, conformalised quantile regression).
 */
export type ConformalMethod = 'absolute' | 'normalized' | 'cqr';

/** What a calibrator is fitted on and applied to: point predictions (with σ̂ when normalized) or quantile bounds. */
export type ConformalInput =
  | { readonly predicted: ArrayLike<number>; readonly difficulty?: ArrayLike<number> }
  | { readonly lower: ArrayLike<number>; readonly upper: ArrayLike<number> };

export interface Interval {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Plain-JSON state of a `ConformalCalibrator`. */
export interface ConformalState {
  readonly kind: 'conformal';
  readonly version: 1;
  readonly method: ConformalMethod;
  readonly level: number;
  /** The conformity-score quantile q added around predictions (in σ̂ units when normalized). */
  readonly quantile: number;
  readonly calibrationSize: number;
  /** Share of calibration scores ≤ q. */
  readonly calibrationCoverage: number;
  /** ⌈(n+1)·level⌉ / (n+1): the marginal coverage on new exchangeable rows (exact without ties, a lower bound with). */
  readonly expectedCoverage: number;
}

export const DEFAULT_CONFORMAL_LEVEL = 0.9;

/**
 * The finite-sample conformal quantile: the ⌈(n+1)·level⌉-th smallest score, so that a new exchangeable score falls
 * at or below it with probability ≥ level (and < level + 1/(n+1) without ties). Fails with ML_BAD_INPUT when
 * n < level / (1 − level) (the rank exceeds n: no finite interval has that guarantee; 9 scores for level 0.9).
 */
export function conformalQuantile(scores: ArrayLike<number>, level: number = DEFAULT_CONFORMAL_LEVEL): number {
  checkLevel(level);
  const n = scores.length;
  const rank = conformalRank(n, level);
  if (rank > n)
    throw new MlError('ML_BAD_INPUT', `${n} calibration rows are too few for level ${level}`, {
      needed: Math.ceil(level / (1 - level) - 1e-9),
    });
  const sorted = Float64Array.from(scores).sort();
  return sorted[rank - 1]!;
}

/** Split-conformal intervals around any regressor, fitted on a calibration set the model never trained on. */
export class ConformalCalibrator {
  private constructor(private readonly state: ConformalState) {}

  get method(): ConformalMethod {
    return this.state.method;
  }
  get level(): number {
    return this.state.level;
  }
  get quantile(): number {
    return this.state.quantile;
  }
  /** Calibration summary: size, share of calibration rows covered, expected coverage on new rows. */
  get calibration(): { size: number; coverage: number; expectedCoverage: number } {
    const { calibrationSize: size, calibrationCoverage: coverage, expectedCoverage } = this.state;
    return { size, coverage, expectedCoverage };
  }

  /** Fits q on calibration rows. Fails with ML_BAD_INPUT on mismatched lengths, non-finite values, σ̂ ≤ 0 or too few rows. */
  static calibrate(
    method: ConformalMethod,
    input: ConformalInput,
    truth: ArrayLike<number>,
    level = DEFAULT_CONFORMAL_LEVEL,
  ): ConformalCalibrator {
    const scores = conformityScores(method, input, truth);
    const quantile = conformalQuantile(scores, level);
    const n = scores.length;
    const covered = scores.reduce((c, s) => c + (s <= quantile ? 1 : 0), 0);
    const expectedCoverage = conformalRank(n, level) / (n + 1);
    return new ConformalCalibrator({
      kind: 'conformal',
      version: 1,
      method,
      level,
      quantile,
      calibrationSize: n,
      calibrationCoverage: covered / n,
      expectedCoverage,
    });
  }

  /** Intervals for new rows: ŷ ± q, ŷ ± q·σ̂, or [lo − q, hi + q] (CQR; q < 0 narrows over-wide quantiles). */
  apply(input: ConformalInput): Interval {
    const q = this.state.quantile;
    if (this.state.method === 'cqr') {
      const { lower, upper } = bounds(input);
      return { lower: Float64Array.from(lower, (v) => v - q), upper: Float64Array.from(upper, (v) => v + q) };
    }
    const { predicted, sigma } = points(this.state.method, input);
    return { lower: predicted.map((p, i) => p - q * sigma(i)), upper: predicted.map((p, i) => p + q * sigma(i)) };
  }

  serialize(): ConformalState {
    return { ...this.state };
  }

  static fromState(state: ConformalState): ConformalCalibrator {
    const ok =
      state?.kind === 'conformal' &&
      state.version === 1 &&
      ['absolute', 'normalized', 'cqr'].includes(state.method) &&
      state.level > 0 &&
      state.level < 1 &&
      Number.isFinite(state.quantile) &&
      Number.isInteger(state.calibrationSize) &&
      state.calibrationSize > 0 &&
      state.calibrationCoverage >= 0 &&
      state.calibrationCoverage <= 1 &&
      state.expectedCoverage > 0 &&
      state.expectedCoverage < 1;
    if (!ok) throw new MlError('ML_BAD_STATE', 'not a version 1 conformal state');
    return new ConformalCalibrator({ ...state });
  }
}

/** Conformity score of each calibration row under `method`. */
export function conformityScores(method: ConformalMethod, input: ConformalInput, truth: ArrayLike<number>): Float64Array {
  finite(truth, 'truth');
  if (method === 'cqr') {
    const { lower, upper } = bounds(input);
    sameLength(lower, truth);
    return Float64Array.from(truth, (y, i) => Math.max(lower[i]! - y, y - upper[i]!));
  }
  const { predicted, sigma } = points(method, input);
  sameLength(predicted, truth);
  return Float64Array.from(truth, (y, i) => Math.abs(y - predicted[i]!) / sigma(i));
}

function conformalRank(n: number, level: number): number {
  return Math.max(1, Math.ceil((n + 1) * level - 1e-9));
}

function points(method: 'absolute' | 'normalized', input: ConformalInput): { predicted: Float64Array; sigma: (i: number) => number } {
  if (!('predicted' in input)) throw new MlError('ML_BAD_INPUT', `${method} conformal needs { predicted }`);
  const predicted = finite(input.predicted, 'predicted');
  if (method === 'absolute') return { predicted, sigma: () => 1 };
  if (input.difficulty === undefined) throw new MlError('ML_BAD_INPUT', 'normalized conformal needs { difficulty } (σ̂ per row)');
  const difficulty = finite(input.difficulty, 'difficulty');
  sameLength(difficulty, predicted);
  difficulty.forEach((s, i) => {
    if (!(s > 0)) throw new MlError('ML_BAD_INPUT', `difficulty ${s} at ${i} is not > 0`, { index: i });
  });
  return { predicted, sigma: (i) => difficulty[i]! };
}

function bounds(input: ConformalInput): { lower: Float64Array; upper: Float64Array } {
  if (!('lower' in input)) throw new MlError('ML_BAD_INPUT', 'cqr conformal needs { lower, upper }');
  const lower = finite(input.lower, 'lower');
  const upper = finite(input.upper, 'upper');
  sameLength(lower, upper);
  return { lower, upper };
}

function finite(values: ArrayLike<number>, what: string): Float64Array {
  if (values.length === 0) throw new MlError('ML_BAD_INPUT', `${what}: no value`);
  const out = Float64Array.from(values);
  out.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new MlError('ML_BAD_INPUT', `${what}: non-finite value at ${i}`, { index: i });
  });
  return out;
}

function sameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new MlError('ML_BAD_INPUT', `arrays differ in length (${a.length} vs ${b.length})`);
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new MlError('ML_BAD_INPUT', `level ${level} is outside (0, 1)`);
}
