import {
  ConformalCalibrator,
  createRng,
  GradientBoostedTrees,
  shuffleInPlace,
  MlError,
  RulPreprocessor,
  intervalCoverage,
  phm08Score,
  rmse,
  splitUnits,
  type ConformalState,
  type GbdtState,
  type Matrix,
  type RulPreprocessorState,
  type UnitSeries,
} from '@vigie/ml';
import type { WindowedRows } from './simulator-units';
import { heldOutCoverage } from './held-out-coverage';
import { featureNames, trainingRows, type RulFeatureSet } from './window-features';

export const RUL_ARTIFACT_FORMAT = 'vigie.rul-gbdt/1';

/** What a training job asks for (the contract's RulTrainRequest with its defaults). */
export interface RulFitParams {
  readonly level: number;
  readonly window: number;
  readonly cap: number;
  readonly rounds: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  readonly earlyStoppingRounds: number;
  readonly stride: number;
  /** Members of the bag (at most the training units): each fitted on all but one fold of the units. */
  readonly members: number;
  readonly seed: number;
  /**
   * Rows of windowed features (a simulator source): their columns name the sensors, and the features leave out the
   * cycle count — online, the service does not know when the asset's run started. Absent for C-MAPSS.
   */
  readonly rows?: WindowedRows | undefined;
}

/** The model file (registry artifact and `rul-models` object): everything prediction needs, plain JSON. */
export interface RulModelArtifact {
  readonly format: typeof RUL_ARTIFACT_FORMAT;
  readonly source: string;
  readonly level: number;
  readonly features: string[];
  readonly preprocessor: RulPreprocessorState;
  /** The bag's members, whose predictions are averaged; absent in older artifacts, which hold one model in `model`. */
  readonly members?: GbdtState[];
  /** The single model of an older artifact (before `members`). */
  readonly model?: GbdtState;
  /** σ̂ of the normalised conformal score: trees fitted on the out-of-fold absolute errors. */
  readonly difficulty: GbdtState;
  readonly conformal: ConformalState;
  /**
   * Units by role: `train`, the units the members were fitted on; `validation`, those scored out of fold — the same
   * units, each by the member that never saw it (older artifacts: a separate set); `calibration`, the units no member
   * saw, scored with the bag (the conformal pools their scores with the training units' out-of-fold ones; older
   * artifacts: theirs alone).
   */
  readonly units: { train: number[]; validation: number[]; calibration: number[] };
  /** The members' folds: member k was fitted on every training unit outside `folds[k]` and stopped early on it. */
  readonly folds?: number[][];
  /** Smallest σ̂, in cycles; absent (C-MAPSS, older artifacts) means MIN_DIFFICULTY. */
  readonly minDifficulty?: number;
  /** Whether the features end with the cycle count (C-MAPSS); absent in older artifacts, meaning true. */
  readonly cycleFeature?: boolean;
  /** What the rows are made of (RulFeatureSet); absent in older artifacts, meaning `window`. */
  readonly featureSet?: RulFeatureSet;
  /** What a row is, for a model served online from extracted-features (simulator sources). */
  readonly rows?: WindowedRows;
  /** Largest training target, in cycles (the health index of a prediction is RUL / horizon, at most 1). */
  readonly horizon?: number;
}

export interface RulFitMetrics {
  /** RMSE on every window of the training units, each predicted by the member that never saw its unit (out of fold). */
  readonly valRmse: number;
  readonly valPhm08: number;
  /** Coverage of the out-of-fold windows — optimistic: σ̂ was fitted on their errors. */
  readonly valCoverage: number;
  /** Coverage of the calibration units under the quantile of the out-of-fold rows alone (heldOutCoverage): the figure to trust. */
  readonly heldOutCoverage: number;
  readonly valWindows: number;
  /** Trees of all the members. */
  readonly trees: number;
  readonly members: number;
  readonly calibrationQuantile: number;
  readonly calibrationWindows: number;
}

/** Share of units held out for calibration. */
const HELD_OUT = 0.2;
/** Smallest σ̂, in cycles: keeps a near-zero predicted error from collapsing the interval. */
export const MIN_DIFFICULTY = 1;
/**
 * Smallest σ̂ of a model on windowed rows (simulator sources), as a share of its median out-of-fold |error|. A floor in
 * cycles fits C-MAPSS (errors of tens of cycles) but not 5-min windows whose errors near the failure are well under
 * one window: there a floor of 1 would flatten σ̂ where it matters and over-widen those intervals.
 */
export const WINDOWED_DIFFICULTY_FLOOR = 0.1;

/**
 * Fits the RUL model on run-to-failure histories: a share of the units is held out for calibration; the others (the
 * training units) are split in `p.members` folds by unit, and one member per fold — gradient-boosted trees — is fitted
 * on the other folds and stopped early on its own. Rows (RulFeatureSet): for C-MAPSS sources every cycle of each
 * unit's history (`history`: last value, short and long means, slope and drift from the unit's first cycles per
 * sensor, and the cycle count — on C-MAPSS validation units they lowered the bag's RMSE on 7 of 8 subset × seed runs,
 * e.g. FD002 16.9 → 13.4, see docs/rul.md); for the windowed features of a simulator source (`p.rows`), served
 * online from the last rows only, full windows with each column's last value, mean and slope (`window`). The model
 * predicts the members' mean (bagging: on C-MAPSS FD001 test, five members lowered the RMSE against the capped truth
 * by 0.4–0.9 cycles from one model). Every training row also gets an out-of-fold prediction, by the member that never
 * saw its unit: the validation figures, and the errors σ̂ is fitted on. RulPreprocessor (regimes, sensor selection,
 * per-regime scaling, capped target) is fitted on the training units. Intervals: normalised conformal (σ̂ floored at
 * MIN_DIFFICULTY, or for windowed rows at WINDOWED_DIFFICULTY_FLOOR × the median out-of-fold error) whose quantile
 * pools the scores of every unit: the calibration units scored with the bag's prediction, and every row of the
 * training units scored out of fold, with a σ̂ fitted on the other folds' errors only (cross-conformal in the manner of
 * CV+, Barber et al. 2021). A quantile from the 20 % calibration units alone swung with the split (C-MAPSS validation,
 * 12 subset × seed runs: 1.69–3.01 σ̂; pooled 1.88–2.38) and covered FD001's test units 0.78–0.86. `onRound` sees
 * every boosting round of every member (progress, cancel). Fails with ML_BAD_INPUT on fewer than three units.
 */
export function fitRulModel(
  source: string,
  units: readonly UnitSeries[],
  p: RulFitParams,
  onRound?: (round: number, of: number) => 'stop' | void,
): { artifact: RulModelArtifact; metrics: RulFitMetrics } {
  if (units.length < 3) throw new MlError('ML_BAD_INPUT', `${units.length} units: training needs 3 or more (two to fit, one to calibrate)`);
  if (!Number.isInteger(p.members) || p.members < 2)
    throw new MlError('ML_BAD_INPUT', `members wants an integer ≥ 2 (each is fitted without one fold), got ${p.members}`);
  const byId = new Map(units.map((u) => [u.unit, u]));
  const pick = (ids: readonly number[]) => ids.map((id) => byId.get(id)!);
  const outer = splitUnits([...byId.keys()], HELD_OUT, p.seed);
  const folds = foldsByUnit(outer.train, Math.min(p.members, outer.train.length), p.seed + 1);

  const cycleFeature = p.rows === undefined;
  const featureSet: RulFeatureSet = p.rows === undefined ? 'history' : 'window';
  const pre = RulPreprocessor.fit(pick(outer.train), { cap: p.cap, window: p.window, ...(p.rows ? { sensorNames: p.rows.columns } : {}) });
  const rows = (ids: readonly number[], stride = 1) => trainingRows(pre, pick(ids), featureSet, cycleFeature, stride);
  const calibration = rows(outer.validation);
  const trees: GradientBoostedTrees[] = [];
  const outOfFold: ReturnType<typeof rows>[] = [];
  const oofPredicted: Float64Array[] = [];
  const totalRounds = p.rounds * folds.length;
  folds.forEach((held, k) => {
    const fit = rows(
      outer.train.filter((id) => !held.includes(id)),
      p.stride,
    );
    const own = rows(held);
    const member = new GradientBoostedTrees({
      nEstimators: p.rounds,
      learningRate: p.learningRate,
      maxDepth: p.maxDepth,
      earlyStoppingRounds: p.earlyStoppingRounds,
      minChildWeight: 5,
      subsample: 0.8,
      colsampleByTree: 0.8,
      seed: p.seed + 1000 * k,
    });
    member.fit(fit.X, fit.y, { validation: { X: own.X, y: own.y }, onRound: (r) => onRound?.(k * p.rounds + r.round, totalRounds) });
    trees.push(member);
    outOfFold.push(own);
    oofPredicted.push(clampAtZero(member.predict(own.X)));
  });
  const validation = { X: stackMatrices(outOfFold.map((r) => r.X)), y: concat(outOfFold.map((r) => r.y)) };
  const valPredicted = concat(oofPredicted);
  const valErrors = valPredicted.map((v, i) => Math.abs(v - validation.y[i]!));
  const minDifficulty = p.rows === undefined ? MIN_DIFFICULTY : Math.max(1e-6, WINDOWED_DIFFICULTY_FLOOR * median(valErrors));
  const fitDifficulty = (X: Matrix, errors: Float64Array) => {
    const model = new GradientBoostedTrees({ nEstimators: 60, learningRate: 0.1, maxDepth: 3, minChildWeight: 10, seed: p.seed });
    model.fit(X, errors);
    return { model, sigma: (rows: Matrix) => model.predict(rows).map((v) => Math.max(minDifficulty, v)) };
  };
  const { model: difficulty, sigma } = fitDifficulty(validation.X, valErrors);
  // σ̂ of each fold's out-of-fold rows, fitted on the other folds' errors only, so that their scores stay honest.
  const oofSigma = concat(
    outOfFold.map((own, k) => {
      const others = outOfFold.filter((_, j) => j !== k);
      const errors = oofPredicted.flatMap((v, j) => (j === k ? [] : [v.map((pred, i) => Math.abs(pred - outOfFold[j]!.y[i]!))]));
      return fitDifficulty(stackMatrices(others.map((o) => o.X)), concat(errors)).sigma(own.X);
    }),
  );

  const calPredicted = clampAtZero(bagMean(trees, calibration.X));
  const calSigma = sigma(calibration.X);
  // The conformal quantile pools every unit: the held-out units scored with the bag, the training units out of fold.
  const conformal = ConformalCalibrator.calibrate(
    'normalized',
    { predicted: concat([calPredicted, valPredicted]), difficulty: concat([calSigma, oofSigma]) },
    concat([calibration.y, validation.y]),
    p.level,
  );
  const interval = conformal.apply({ predicted: valPredicted, difficulty: sigma(validation.X) });
  const artifact: RulModelArtifact = {
    format: RUL_ARTIFACT_FORMAT,
    source,
    level: p.level,
    features: featureNames(pre, featureSet, cycleFeature),
    preprocessor: pre.serialize(),
    members: trees.map((t) => t.serialize()),
    difficulty: difficulty.serialize(),
    conformal: conformal.serialize(),
    units: { train: outer.train, validation: outer.train, calibration: outer.validation },
    folds,
    cycleFeature,
    featureSet,
    ...(p.rows === undefined ? {} : { minDifficulty }),
    ...(p.rows ? { rows: p.rows } : {}),
    horizon: validation.y.reduce((m, v) => Math.max(m, v), 1),
  };
  const metrics: RulFitMetrics = {
    valRmse: rmse(valPredicted, validation.y),
    valPhm08: phm08Score(valPredicted, validation.y),
    valCoverage: intervalCoverage(
      validation.y,
      interval.lower.map((v) => Math.max(0, v)),
      interval.upper,
    ),
    heldOutCoverage: heldOutCoverage(
      { predicted: valPredicted, difficulty: oofSigma, target: validation.y },
      { predicted: calPredicted, difficulty: calSigma, target: calibration.y },
      p.level,
    ),
    valWindows: validation.y.length,
    trees: trees.reduce((n, t) => n + t.treeCount, 0),
    members: trees.length,
    calibrationQuantile: conformal.quantile,
    calibrationWindows: calibration.y.length + validation.y.length,
  };
  return { artifact, metrics };
}

/** The members' mean prediction of each row. */
export function bagMean(members: readonly GradientBoostedTrees[], X: Matrix): Float64Array {
  const sum = new Float64Array(X.rows);
  for (const m of members) m.predict(X).forEach((v, i) => (sum[i] = sum[i]! + v));
  return sum.map((v) => v / members.length);
}

/** `count` folds of the units (seeded shuffle, dealt in turn), each sorted. */
function foldsByUnit(ids: readonly number[], count: number, seed: number): number[][] {
  const order = Int32Array.from(ids).sort();
  shuffleInPlace(order, createRng(seed));
  const folds = Array.from({ length: count }, (): number[] => []);
  order.forEach((id, i) => folds[i % count]!.push(id));
  return folds.map((f) => f.sort((a, b) => a - b));
}

function stackMatrices(parts: readonly Matrix[]): Matrix {
  const cols = parts[0]!.cols;
  return { rows: parts.reduce((n, m) => n + m.rows, 0), cols, data: concat(parts.map((m) => m.data)) };
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of parts) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

function clampAtZero(values: Float64Array): Float64Array {
  return values.map((v) => Math.max(0, v));
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
