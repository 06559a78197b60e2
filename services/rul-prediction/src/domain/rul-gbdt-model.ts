import {
  ConformalCalibrator,
  GradientBoostedTrees,
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
  type WindowSet,
} from '@vigie/ml';
import type { WindowedRows } from './simulator-units';
import { heldOutCoverage } from './held-out-coverage';
import { windowFeatureNames, windowFeatures } from './window-features';

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
  readonly model: GbdtState;
  /** σ̂ of the normalised conformal score: trees fitted on the validation units' absolute errors. */
  readonly difficulty: GbdtState;
  readonly conformal: ConformalState;
  readonly units: { train: number[]; validation: number[]; calibration: number[] };
  /** Smallest σ̂, in cycles; absent (C-MAPSS, older artifacts) means MIN_DIFFICULTY. */
  readonly minDifficulty?: number;
  /** Whether the features end with the cycle count (C-MAPSS); absent in older artifacts, meaning true. */
  readonly cycleFeature?: boolean;
  /** What a row is, for a model served online from extracted-features (simulator sources). */
  readonly rows?: WindowedRows;
  /** Largest training target, in cycles (the health index of a prediction is RUL / horizon, at most 1). */
  readonly horizon?: number;
}

export interface RulFitMetrics {
  readonly valRmse: number;
  readonly valPhm08: number;
  /** Coverage on the validation windows — optimistic: σ̂ was fitted on their errors. */
  readonly valCoverage: number;
  /** Coverage on calibration units that did not set the quantile (heldOutCoverage): the figure to trust. */
  readonly heldOutCoverage: number;
  readonly valWindows: number;
  readonly trees: number;
  readonly calibrationQuantile: number;
  readonly calibrationWindows: number;
}

/** Share of units held out for calibration, then (of the rest) for early stopping and validation. */
const HELD_OUT = 0.2;
/** Smallest σ̂, in cycles: keeps a near-zero predicted error from collapsing the interval. */
export const MIN_DIFFICULTY = 1;
/**
 * Smallest σ̂ of a model on windowed rows (simulator sources), as a share of its median validation |error|. A floor in
 * cycles fits C-MAPSS (errors of tens of cycles) but not 5-min windows whose errors near the failure are well under
 * one window: there a floor of 1 would flatten σ̂ where it matters and over-widen those intervals.
 */
export const WINDOWED_DIFFICULTY_FLOOR = 0.1;

/**
 * Fits the RUL model on run-to-failure histories: units split three ways (train / validation for early stopping and
 * the reported figures / calibration), RulPreprocessor (regimes, sensor selection, per-regime scaling, capped target)
 * fitted on the training units, window features (last, mean, slope, and the cycle count unless the rows are windowed
 * features of a simulator source, `p.rows`), gradient-boosted trees with early
 * stopping on the validation units, then normalised split-conformal intervals calibrated on the calibration units
 * (σ̂ floored at MIN_DIFFICULTY, or for windowed rows at WINDOWED_DIFFICULTY_FLOOR × the median validation error).
 * `onRound` sees every boosting round (progress, cancel). Fails with ML_BAD_INPUT on fewer than three units.
 */
export function fitRulModel(
  source: string,
  units: readonly UnitSeries[],
  p: RulFitParams,
  onRound?: (round: number, of: number) => 'stop' | void,
): { artifact: RulModelArtifact; metrics: RulFitMetrics } {
  if (units.length < 3)
    throw new MlError('ML_BAD_INPUT', `${units.length} units: training needs 3 or more (train, validation, calibration)`);
  const byId = new Map(units.map((u) => [u.unit, u]));
  const pick = (ids: readonly number[]) => ids.map((id) => byId.get(id)!);
  const outer = splitUnits([...byId.keys()], HELD_OUT, p.seed);
  const inner = splitUnits(outer.train, HELD_OUT / (1 - HELD_OUT), p.seed + 1);
  const split = { train: inner.train, validation: inner.validation, calibration: outer.validation };

  const cycleFeature = p.rows === undefined;
  const pre = RulPreprocessor.fit(pick(split.train), { cap: p.cap, window: p.window, ...(p.rows ? { sensorNames: p.rows.columns } : {}) });
  const rows = (ids: readonly number[], stride = 1) => featureRows(pre.trainingWindows(pick(ids), stride), cycleFeature);
  const train = rows(split.train, p.stride);
  const validation = rows(split.validation);
  const calibration = rows(split.calibration);

  const trees = new GradientBoostedTrees({
    nEstimators: p.rounds,
    learningRate: p.learningRate,
    maxDepth: p.maxDepth,
    earlyStoppingRounds: p.earlyStoppingRounds,
    minChildWeight: 5,
    subsample: 0.8,
    colsampleByTree: 0.8,
    seed: p.seed,
  });
  trees.fit(train.X, train.y, { validation: { X: validation.X, y: validation.y }, onRound: (r) => onRound?.(r.round, p.rounds) });
  const valPredicted = clampAtZero(trees.predict(validation.X));
  const difficulty = new GradientBoostedTrees({ nEstimators: 60, learningRate: 0.1, maxDepth: 3, minChildWeight: 10, seed: p.seed });
  const valErrors = valPredicted.map((v, i) => Math.abs(v - validation.y[i]!));
  const minDifficulty = p.rows === undefined ? MIN_DIFFICULTY : Math.max(1e-6, WINDOWED_DIFFICULTY_FLOOR * median(valErrors));
  const sigma = (X: Matrix) => difficulty.predict(X).map((v) => Math.max(minDifficulty, v));
  difficulty.fit(validation.X, valErrors);

  const calPredicted = clampAtZero(trees.predict(calibration.X));
  const calSigma = sigma(calibration.X);
  const conformal = ConformalCalibrator.calibrate('normalized', { predicted: calPredicted, difficulty: calSigma }, calibration.y, p.level);
  const interval = conformal.apply({ predicted: valPredicted, difficulty: sigma(validation.X) });
  const artifact: RulModelArtifact = {
    format: RUL_ARTIFACT_FORMAT,
    source,
    level: p.level,
    features: windowFeatureNames(pre.features, cycleFeature),
    preprocessor: pre.serialize(),
    model: trees.serialize(),
    difficulty: difficulty.serialize(),
    conformal: conformal.serialize(),
    units: split,
    cycleFeature,
    ...(p.rows === undefined ? {} : { minDifficulty }),
    ...(p.rows ? { rows: p.rows } : {}),
    horizon: train.y.reduce((m, v) => Math.max(m, v), 1),
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
      { predicted: calPredicted, difficulty: calSigma, target: calibration.y, unit: calibration.unit },
      p.level,
    ),
    valWindows: validation.y.length,
    trees: trees.treeCount,
    calibrationQuantile: conformal.quantile,
    calibrationWindows: calibration.y.length,
  };
  return { artifact, metrics };
}

function featureRows(set: WindowSet, cycleFeature: boolean): { X: Matrix; y: Float64Array; unit: Int32Array } {
  return { X: windowFeatures(set, cycleFeature), y: set.target, unit: set.unit };
}

function clampAtZero(values: Float64Array): Float64Array {
  return values.map((v) => Math.max(0, v));
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
