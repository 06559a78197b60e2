/**
 * Model families of bench/cmapss.bench.ts and the cross-fitting that turns them into one RUL predictor with
 * calibrated intervals. A family fits on run-to-failure units (with held-out units for early stopping) and predicts
 * the RUL after the last cycle of any units; a sequence model (LSTM, GRU, TCN) joins by adding an entry to FAMILIES.
 *
 * Cross-fitting: the training units are split into K folds by unit (seeded); for each fold a member of every family
 * trains on the other folds, stopping early on the fold's rows, and predicts the fold's units cut at random cycles
 * (`truncate`, as the test units were cut) — out-of-fold predictions of every training unit, with their true,
 * uncapped RUL. With one family the test prediction is the mean of its K members; with several, each family's mean
 * is weighted by non-negative least squares on the out-of-fold predictions against the capped truth (stacking,
 * Breiman 1996; the weights are printed). Intervals are split conformal on those
 * out-of-fold rows: by default CQR (Romano et al. 2019) around the members' mean 5%/95% quantile predictions, from
 * quantile trees trained on the true, uncapped RUL — the spread the capped point target hides (a healthy engine at
 * cycle 50 may have 90 or 250 cycles left); or 'normalized', ŷ ± q·σ̂ with σ̂ = SIGMA_FLOOR + ŷ⁺ (the error grows with
 * the RUL). The calibration rows come from members that saw less data than the averaged test prediction.
 * With `trajectory` (the bench's default), a second stage (RulTrajectoryStage) refines the stacked prediction from the
 * unit's predictions at earlier cycles (lags up to 30, each shifted by its lag) and the cycles observed, learning the
 * correction towards the capped truth on its own out-of-fold rows (every training unit cut at TRAJECTORY_CUTS_PER_UNIT
 * points, predicted at every lag by the fold member that did not see it). A test unit gets one refined prediction per
 * fold slot (that slot's stack, like the rows the stage learnt from) and their mean; the calibration rows' points are
 * the stage's, cross-fitted over the same unit folds.
 * With `uncap`, a second stage (RulUncapper) fitted on the calibration rows turns the capped prediction and the
 * cycles observed into a prediction of the true RUL; the calibration rows' own second-stage predictions are
 * cross-fitted over the same unit folds (what the out-of-fold RMSE and normalized conformal use).
 */
import {
  ConformalCalibrator,
  createRng,
  GradientBoostedTrees,
  type GbdtOptions,
  type Interval,
  type Matrix,
  nonNegativeLeastSquares,
  rmse,
  type RulPreprocessor,
  RulUncapper,
  type RulUncapperOptions,
  type UncapRows,
  type UnitSeries,
  laggedPredictions,
  RulTrajectoryStage,
  TRAJECTORY_LAGS,
  type TrajectoryRows,
  unitPrefix,
  historyFeatures,
  type HistoryFeatureOptions,
  type HistoryUnit,
} from '../../packages/ml/src/index';
import { CmapssBenchError, truncate, type IntervalMethod } from './cmapss-protocol';
import { sequenceFamily } from './cmapss-sequence';

/** A fitted member: RUL after the last cycle of each unit; with `bounds`, also its lower/upper RUL quantiles (for CQR). */
export interface RulMember {
  predict(units: readonly UnitSeries[]): Float64Array;
  bounds?(units: readonly UnitSeries[]): { lower: Float64Array; upper: Float64Array };
}

export interface FamilyContext {
  readonly prep: RulPreprocessor;
  readonly seed: number;
  /** 'cqr' asks members for `bounds` as well. */
  readonly intervals: IntervalMethod;
  /** Nominal level: the bounds are the (1 − level)/2 and (1 + level)/2 quantiles. */
  readonly level: number;
}

/** A model family: fits a member on run-to-failure units, with `validation` units for early stopping. */
export interface RulFamily {
  readonly name: string;
  /** Needs `await initNnBackend()` before `crossFit` (tfjs sequence models). */
  readonly needsNnBackend?: boolean;
  fit(train: readonly UnitSeries[], validation: readonly UnitSeries[], ctx: FamilyContext): RulMember & { readonly note: string };
}

/** Options of each point model: usual values, not tuned (η 0.05 rather than lower to stay well inside 45 min on FD002/FD004). */
export const GBDT_OPTIONS: GbdtOptions = {
  nEstimators: 2000,
  learningRate: 0.05,
  maxDepth: 6,
  minChildWeight: 10,
  lambda: 5,
  subsample: 0.8,
  colsampleByTree: 0.6,
  earlyStoppingRounds: 100,
};

/**
 * Quantile trees of the CQR bounds, trained on the true (uncapped) RUL: their spread is what the cap hides. A fixed
 * round count, no early stopping: the fold that would pick the round is the calibration set, and choosing on it made
 * the bounds look better there than on new units (FD002 validation coverage 82% with early stopping).
 */
export const GBDT_QUANTILE_OPTIONS: GbdtOptions = {
  nEstimators: 200,
  learningRate: 0.05,
  maxDepth: 5,
  minChildWeight: 20,
  subsample: 0.8,
  colsampleByTree: 0.6,
};

/** Window features of one point model; `history` adds the operating history (regime count from the preprocessor). */
export type FamilyWindow = Omit<HistoryFeatureOptions, 'regimes'> & { readonly history?: boolean };

/**
 * Prepared units (with each cycle's regime when `history` asks for operating-history features, which vanish on
 * one-regime subsets) and the feature options with the preprocessor's regime count.
 */
function featureUnits(
  prep: RulPreprocessor,
  units: readonly UnitSeries[],
  { history = false, ...windows }: FamilyWindow,
  withTarget = false,
): { prepared: HistoryUnit[]; options: HistoryFeatureOptions } {
  const prepared = prep.transform(units, withTarget);
  const regimes = prep.regimes.count;
  if (!history || regimes === 1) return { prepared, options: windows };
  return {
    prepared: prepared.map((p, i) => ({ ...p, regime: prep.regimes.assign(units[i]!.settings) })),
    options: { ...windows, regimes },
  };
}

/** Feature rows of every cycle, with the capped target and the true RUL. */
function trainingRows(
  prep: RulPreprocessor,
  units: readonly UnitSeries[],
  windows: FamilyWindow,
): { X: Matrix; y: Float64Array; rul: Float64Array } {
  const { prepared, options } = featureUnits(prep, units, windows, true);
  const rul = Float64Array.from(units.flatMap((u) => Array.from(u.cycles, (c) => u.cycles[u.cycles.length - 1]! - c)));
  return { X: historyFeatures(prepared, 'all', options), y: Float64Array.from(prepared.flatMap((u) => Array.from(u.target!))), rul };
}

/**
 * Gradient-boosted trees on window features: one point model per entry of `windows` (averaged: windows of different
 * lengths err differently), and for CQR two quantile models on the last entry's features; `trees` are the point
 * models' options.
 */
export function gbdtFamily(name: string, windows: readonly FamilyWindow[] = [{}], trees: GbdtOptions = GBDT_OPTIONS): RulFamily {
  return { name, fit: (train, validation, ctx) => fitGbdt(train, validation, ctx, windows, trees) };
}

function fitGbdt(
  train: readonly UnitSeries[],
  validation: readonly UnitSeries[],
  { prep, seed, intervals, level }: FamilyContext,
  windows: readonly FamilyWindow[],
  trees: GbdtOptions,
): RulMember & { readonly note: string } {
  const notes: string[] = [];
  const points = windows.map((w, i) => {
    const fitRows = trainingRows(prep, train, w);
    const validRows = trainingRows(prep, validation, w);
    const model = new GradientBoostedTrees({ ...trees, seed: seed + 100 * i });
    const report = model.fit(fitRows.X, fitRows.y, { validation: { X: validRows.X, y: validRows.y } });
    notes.push(
      `window ${w.long ?? 30}: ${model.treeCount} trees, validation RMSE ${report.validationLoss[report.bestIteration]!.toFixed(2)}`,
    );
    return { model, w, fitRows };
  });
  const features = (units: readonly UnitSeries[], w: FamilyWindow): Matrix => {
    const { prepared, options } = featureUnits(prep, units, w);
    return historyFeatures(prepared, 'last', options);
  };
  const predict = (units: readonly UnitSeries[]): Float64Array =>
    clampAtZero(meanOf(points.map((p) => p.model.predict(features(units, p.w)))));
  if (intervals !== 'cqr') return { note: notes.join('; '), predict };
  const last = points[points.length - 1]!;
  const started = performance.now();
  const [lo, hi] = [(1 - level) / 2, (1 + level) / 2].map((quantileAlpha, i) => {
    const q = new GradientBoostedTrees({ ...GBDT_QUANTILE_OPTIONS, objective: 'quantile', quantileAlpha, seed: seed + 1 + i });
    q.fit(last.fitRows.X, last.fitRows.rul);
    return q;
  }) as [GradientBoostedTrees, GradientBoostedTrees];
  return {
    note: `${notes.join('; ')}; quantile trees ${lo.treeCount} / ${hi.treeCount} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    predict,
    bounds: (units) => {
      const X = features(units, last.w);
      return { lower: lo.predict(X), upper: hi.predict(X) };
    },
  };
}

/** `gbdt`: point models on 20- and 50-cycle windows (out-of-fold RMSE vs capped truth on train_FD001: 9.96, against
 * 10.21 for one 30-cycle model and 10.59 for one 50-cycle model). */
export const FAMILIES: Readonly<Record<string, RulFamily>> = {
  gbdt: gbdtFamily('gbdt', [{ long: 20 }, { long: 50 }]),
  /** Plus, on multi-regime subsets, the operating history: current regime, cycles spent in each (same as gbdt elsewhere). */
  'gbdt-history': gbdtFamily('gbdt-history', [
    { long: 20, history: true },
    { long: 50, history: true },
  ]),
  /** Plus EWM means (spans 10 and 40) and the operating history. Rejected: out-of-fold RMSE on FD001 validation 13.26 vs 11.05 (gbdt). */
  'gbdt-ewm': gbdtFamily('gbdt-ewm', [
    { long: 20, ewm: [10, 40], history: true },
    { long: 50, ewm: [10, 40], history: true },
  ]),
  /** GRU on 30-cycle windows (bench/support/cmapss-sequence.ts); point predictions only, for the NNLS ensemble. */
  gru: sequenceFamily('gru', 'gru'),
};

/** Lower bound of σ̂ in cycles, so units predicted near failure keep a finite-width interval. */
export const SIGMA_FLOOR = 10;
export const FOLDS = 5;
/** Random cut points per training unit in the calibration set. */
export const CUTS_PER_UNIT = 5;

export interface CrossFitted {
  /** Members per family, in the families' order: bags × FOLDS of them, bag by bag. */
  readonly members: RulMember[][];
  /** Weight of each family's mean prediction (NNLS on the out-of-fold rows; 1 for a lone family). */
  readonly weights: Float64Array;
  readonly calibrator: ConformalCalibrator;
  /** Out-of-fold RMSE of the calibration rows against their true RUL and against it capped at 125 (test-like estimates from training data only). */
  readonly oofRmse: number;
  readonly oofRmse125: number;
  /** Each family's own out-of-fold RMSE against the capped truth (what the NNLS weights were chosen on). */
  readonly familyOofRmse125: number[];
  readonly calibrationRows: number;
  /** Cross-fittings over different fold splits whose members are averaged. */
  readonly bags: number;
  /** Second stage fitted on all the calibration rows (`uncap`), or undefined. */
  readonly uncapper?: RulUncapper;
  /** Trajectory stage (`trajectory`) refining the stacked prediction from the unit's lagged predictions, or undefined. */
  readonly trajectory?: RulTrajectoryStage;
  /** Out-of-fold RMSE of the first stage alone against the true RUL and the capped one (equal to oofRmse/oofRmse125 without uncap or trajectory). */
  readonly stage1OofRmse: number;
  readonly stage1OofRmse125: number;
  /** The calibration rows themselves: out-of-fold first-stage prediction, quantile bounds (CQR), cycles observed, true RUL, unit. */
  readonly calibrationSet: CalibrationSet;
}

/** Out-of-fold rows of `crossFit`, one per cut of a training unit. */
export interface CalibrationSet {
  readonly predicted: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly cycles: Float64Array;
  readonly truth: Float64Array;
  readonly units: Int32Array;
}

/** Seed of bag `b`'s fold split and members: bag 0 keeps `seed`, so one bag is the single cross-fitting. */
export function bagSeed(seed: number, bag: number): number {
  return seed + 7919 * bag;
}

/**
 * Trains bags × FOLDS × families members and calibrates the intervals on their out-of-fold predictions.
 *
 * Bagging (`bags` > 1, variance reduction): the cross-fitting is repeated on `bags` fold splits (seeds `bagSeed`);
 * the test prediction is the mean of all bags' members. The calibration rows stay bag 0's cuts (every training unit
 * cut at CUTS_PER_UNIT points), and a row's out-of-fold prediction becomes the mean over the bags of the member that
 * did not see its unit — the rows remain one exchangeable set, each predicted like a test unit by an average of
 * members, rather than every unit appearing once per bag with correlated scores (which pooling the bags' rows would
 * do). Quantile trees (CQR bounds) train in bag 0 only: a quarter to a third of a fold's time, and CQR intervals depend
 * on the bounds alone, so the intervals — and their coverage — are those of one bag, at any `bags`.
 */
export function crossFit(
  train: readonly UnitSeries[],
  families: readonly RulFamily[],
  ctx: FamilyContext & {
    readonly log: (line: string) => void;
    readonly bags?: number;
    readonly uncap?: boolean;
    readonly trajectory?: boolean;
  },
): CrossFitted {
  const bags = ctx.bags ?? 1;
  if (!Number.isSafeInteger(bags) || bags < 1)
    throw new CmapssBenchError('CMAPSS_BENCH_BAD_ARGS', `bags wants an integer ≥ 1, got ${bags}`);
  const cutRng = createRng(ctx.seed + 104729);
  const cuts = foldsByUnit(train, FOLDS, ctx.seed).flatMap((held) =>
    train.filter((u) => held.has(u.unit)).flatMap((u) => Array.from({ length: CUTS_PER_UNIT }, () => truncate(u, cutRng.next()))),
  );
  const truth = cuts.map((c) => c.rul);
  // The trajectory stage's own rows: more cuts per unit (its inputs are wider than the calibration's), another stream.
  const stageRng = createRng(ctx.seed + 55);
  const stageCuts = ctx.trajectory
    ? foldsByUnit(train, FOLDS, ctx.seed).flatMap((held) =>
        train
          .filter((u) => held.has(u.unit))
          .flatMap((u) => Array.from({ length: TRAJECTORY_CUTS_PER_UNIT }, () => truncate(u, stageRng.next()))),
      )
    : [];
  // Per family and lag, the out-of-fold predictions of the calibration rows and the stage's rows at that lag.
  const lagged = (count: number): Float64Array[][] => families.map(() => TRAJECTORY_LAGS.map(() => new Float64Array(count)));
  const calLagged = ctx.trajectory ? lagged(cuts.length) : [];
  const stageLagged = lagged(stageCuts.length);
  const members: RulMember[][] = families.map(() => []);
  const byFamily = families.map(() => new Float64Array(cuts.length));
  const lower = new Float64Array(cuts.length);
  const upper = new Float64Array(cuts.length);
  for (let b = 0; b < bags; b++) {
    const seed = bagSeed(ctx.seed, b);
    const folds = foldsByUnit(train, FOLDS, seed);
    // Later bags add point members only (see above).
    const intervals: IntervalMethod = b === 0 ? ctx.intervals : 'normalized';
    folds.forEach((held, k) => {
      const fit = train.filter((u) => !held.has(u.unit));
      const validation = train.filter((u) => held.has(u.unit));
      const rows = cuts.flatMap((c, i) => (held.has(c.unit.unit) ? [i] : []));
      const units = rows.map((i) => cuts[i]!.unit);
      const fold = families.map((family, f) => {
        const started = performance.now();
        const member = family.fit(fit, validation, { ...ctx, intervals, seed: seed * 1000 + k * 10 + f });
        const where = bags > 1 ? `bag ${b + 1}/${bags} ` : '';
        ctx.log(
          `  ${where}fold ${k + 1}/${folds.length} ${family.name}: ${member.note} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
        return member;
      });
      fold.forEach((m, f) => {
        members[f]!.push(m);
        const p = m.predict(units);
        const sum = byFamily[f]!;
        rows.forEach((row, j) => (sum[row] = sum[row]! + p[j]! / bags));
        if (ctx.trajectory) {
          addLagged(m, units, rows, calLagged[f]!, bags);
          const stageRows = stageCuts.flatMap((c, i) => (held.has(c.unit.unit) ? [i] : []));
          addLagged(
            m,
            stageRows.map((i) => stageCuts[i]!.unit),
            stageRows,
            stageLagged[f]!,
            bags,
          );
        }
      });
      if (intervals === 'cqr') {
        const bounds = meanBounds(fold, units);
        rows.forEach((row, j) => {
          lower[row] = bounds.lower[j]!;
          upper[row] = bounds.upper[j]!;
        });
      }
    });
  }
  const capped = truth.map((v) => Math.min(v, ctx.prep.cap));
  const familyOofRmse125 = byFamily.map((p) => rmse(p, capped));
  const weights =
    families.length === 1
      ? Float64Array.of(1)
      : nonNegativeLeastSquares(
          { rows: truth.length, cols: families.length, data: Float64Array.from(truth.flatMap((_, i) => byFamily.map((p) => p[i]!))) },
          capped,
        );
  if (families.length > 1) {
    const each = families.map(
      (f, j) => `${f.name} ${weights[j]!.toFixed(3)} (out-of-fold RMSE ${familyOofRmse125[j]!.toFixed(2)} vs capped)`,
    );
    ctx.log(`  NNLS weights: ${each.join(', ')}`);
  }
  const stage1 = truth.map((_, i) => byFamily.reduce((s, p, j) => s + weights[j]! * p[i]!, 0));
  const cycles = Float64Array.from(cuts, (c) => c.unit.cycles.length);
  const unitOf = cuts.map((c) => c.unit.unit);
  // With the trajectory stage, the rows' point is its prediction, cross-fitted over the units.
  let point = stage1;
  let trajectory: RulTrajectoryStage | undefined;
  if (ctx.trajectory) {
    const cal: TrajectoryRows = { lagged: weighLagged(calLagged, weights), cycles };
    const fitRows: TrajectoryRows = {
      lagged: weighLagged(stageLagged, weights),
      cycles: Float64Array.from(stageCuts, (c) => c.unit.cycles.length),
    };
    const target = Float64Array.from(stageCuts, (c) => Math.min(c.rul, ctx.prep.cap));
    point = Array.from(
      crossFitTrajectory(
        fitRows,
        target,
        stageCuts.map((c) => c.unit.unit),
        cal,
        unitOf,
        foldsByUnit(train, FOLDS, ctx.seed),
      ),
    );
    trajectory = RulTrajectoryStage.fit(fitRows, target);
    ctx.log(
      `  trajectory stage: ${stageCuts.length} rows × ${TRAJECTORY_LAGS.length} lags; out-of-fold RMSE vs capped ${rmse(stage1, capped).toFixed(2)} → ${rmse(point, capped).toFixed(2)}`,
    );
  }
  const stageRows = { predicted: point, cycles, lower, upper };
  // With uncap, the rows' own prediction is the second stage's, cross-fitted over the units (a stage that saw a row
  // would flatter its residual): what the oof RMSE reports and what normalized conformal scores.
  const predicted = ctx.uncap ? crossFitUncap(stageRows, truth, unitOf, foldsByUnit(train, FOLDS, ctx.seed)) : point;
  const uncapper = ctx.uncap ? RulUncapper.fit(stageRows, truth, UNCAP_OPTIONS) : undefined;
  // CQR scores max(lo − y, y − hi) do not involve the point prediction: the second stage leaves them, and q, unchanged.
  const input = ctx.intervals === 'cqr' ? { lower, upper } : { predicted, difficulty: difficulty(predicted) };
  const calibrator = ConformalCalibrator.calibrate(ctx.intervals, input, truth, ctx.level);
  const oofRmse = rmse(predicted, truth);
  const oofRmse125 = rmse(predicted, capped);
  const calibrationSet: CalibrationSet = {
    predicted: Float64Array.from(stage1),
    lower,
    upper,
    cycles,
    truth: Float64Array.from(truth),
    units: Int32Array.from(cuts, (c) => c.unit.unit),
  };
  return {
    members,
    weights,
    calibrator,
    oofRmse,
    oofRmse125,
    stage1OofRmse: rmse(stage1, truth),
    stage1OofRmse125: rmse(stage1, capped),
    familyOofRmse125,
    calibrationRows: predicted.length,
    bags,
    calibrationSet,
    ...(uncapper ? { uncapper } : {}),
    ...(trajectory ? { trajectory } : {}),
  };
}

/** Training-unit cuts per unit the trajectory stage is fitted on (the calibration keeps CUTS_PER_UNIT). */
export const TRAJECTORY_CUTS_PER_UNIT = 20;

/** Adds member `m`'s predictions of `units` at every lag, divided by `bags`, into `into[lag][rows[i]]`. */
function addLagged(m: RulMember, units: readonly UnitSeries[], rows: readonly number[], into: Float64Array[], bags: number): void {
  TRAJECTORY_LAGS.forEach((lag, j) => {
    const p = m.predict(units.map((u) => unitPrefix(u, lag)));
    const sum = into[j]!;
    rows.forEach((row, i) => (sum[row] = sum[row]! + p[i]! / bags));
  });
}

/** Per lag, the families' predictions weighted by the stacking weights. */
function weighLagged(byFamily: readonly Float64Array[][], weights: Float64Array): Float64Array[] {
  return TRAJECTORY_LAGS.map((_, j) => byFamily[0]![j]!.map((_, i) => byFamily.reduce((s, f, k) => s + weights[k]! * f[j]![i]!, 0)));
}

/** Trajectory-stage predictions of the calibration rows, each by a stage fitted on the stage rows of the other folds' units. */
function crossFitTrajectory(
  fitRows: TrajectoryRows,
  target: Float64Array,
  fitUnits: readonly number[],
  cal: TrajectoryRows,
  calUnits: readonly number[],
  folds: readonly Set<number>[],
): Float64Array {
  const out = new Float64Array(calUnits.length);
  const sub = (rows: TrajectoryRows, idx: number[]): TrajectoryRows => ({
    lagged: rows.lagged.map((col) => Float64Array.from(idx, (i) => col[i]!)),
    cycles: Float64Array.from(idx, (i) => rows.cycles[i]!),
  });
  for (const held of folds) {
    const fit = fitUnits.flatMap((u, i) => (held.has(u) ? [] : [i]));
    const heldRows = calUnits.flatMap((u, i) => (held.has(u) ? [i] : []));
    const p = RulTrajectoryStage.fit(
      sub(fitRows, fit),
      Float64Array.from(fit, (i) => target[i]!),
    ).predict(sub(cal, heldRows));
    heldRows.forEach((row, j) => (out[row] = p[j]!));
  }
  return out;
}

/**
 * Options of the second stage (`--uncap`, packages/ml RulUncapper): (ŷ, cycles observed) only, the library's
 * regularised default trees.
 */
export const UNCAP_OPTIONS: RulUncapperOptions = {};

/** Second-stage predictions of the calibration rows, each by a stage fitted on the other folds' units' rows. */
function crossFitUncap(rows: UncapRows, truth: readonly number[], units: readonly number[], folds: readonly Set<number>[]): Float64Array {
  const out = new Float64Array(truth.length);
  const sub = (idx: number[]): UncapRows => {
    const take = (a: ArrayLike<number> | undefined): Float64Array => Float64Array.from(idx, (i) => a![i]!);
    return { predicted: take(rows.predicted), cycles: take(rows.cycles), lower: take(rows.lower), upper: take(rows.upper) };
  };
  for (const held of folds) {
    const fit = units.flatMap((u, i) => (held.has(u) ? [] : [i]));
    const heldRows = units.flatMap((u, i) => (held.has(u) ? [i] : []));
    const p = RulUncapper.fit(
      sub(fit),
      Float64Array.from(fit, (i) => truth[i]!),
      UNCAP_OPTIONS,
    ).predict(sub(heldRows));
    heldRows.forEach((row, j) => (out[row] = p[j]!));
  }
  return out;
}

/**
 * Weighted sum of the families' mean predictions (`stage1`), refined by the trajectory stage and/or passed through the
 * uncapping stage when fitted (`rul`), and the conformal interval.
 */
export function predictWithInterval(
  fitted: CrossFitted,
  units: readonly UnitSeries[],
): { rul: Float64Array; stage1: Float64Array } & Interval {
  const stacked =
    (family: (members: RulMember[]) => RulMember[]) =>
    (at: readonly UnitSeries[]): Float64Array => {
      const means = fitted.members.map((members) => meanOf(family(members).map((m) => m.predict(at))));
      return clampAtZero(means[0]!.map((_, i) => means.reduce((s, p, j) => s + fitted.weights[j]! * p[i]!, 0)));
    };
  const stage1 = stacked((members) => members)(units);
  // The trajectory stage was fitted on the predictions of one fold's stack (averaged over the bags): it refines each
  // fold's stack of the test units, whose errors are alike, and the refined predictions are averaged — fed the mean of
  // all folds, whose errors are smaller, it would correct for noise that is not there.
  const slots = fitted.members[0]!.length / fitted.bags;
  const point = fitted.trajectory
    ? meanOf(
        Array.from({ length: slots }, (_, k) => {
          const slot = stacked((members) => members.filter((_, i) => i % slots === k));
          return fitted.trajectory!.predict(laggedPredictions(units, slot, fitted.trajectory!.lags));
        }),
      )
    : stage1;
  // Quantile bounds: CQR's input, and the second stage's when UNCAP_OPTIONS asks for them.
  const bounds = fitted.calibrator.method === 'cqr' || UNCAP_OPTIONS.bounds ? meanBounds(fitted.members.flat(), units) : undefined;
  const rul = fitted.uncapper
    ? fitted.uncapper.predict({ predicted: point, cycles: Float64Array.from(units, (u) => u.cycles.length), ...bounds })
    : point;
  const input = fitted.calibrator.method === 'cqr' ? bounds! : { predicted: rul, difficulty: difficulty(rul) };
  const { lower, upper } = fitted.calibrator.apply(input);
  return { rul, stage1, lower: lower.map((v) => Math.max(0, v)), upper };
}

/** Mean lower and upper bounds of the members that offer `bounds` (at least one must). */
function meanBounds(members: readonly RulMember[], units: readonly UnitSeries[]): { lower: Float64Array; upper: Float64Array } {
  const all = members.flatMap((m) => (m.bounds ? [m.bounds(units)] : []));
  if (all.length === 0)
    throw new CmapssBenchError(
      'CMAPSS_BENCH_BAD_ARGS',
      'cqr intervals need a model family with quantile bounds (gbdt): use --intervals normalized',
    );
  return { lower: meanOf(all.map((b) => b.lower)), upper: meanOf(all.map((b) => b.upper)) };
}

function difficulty(predicted: ArrayLike<number>): Float64Array {
  return Float64Array.from(predicted, (p) => SIGMA_FLOOR + Math.max(0, p));
}

/** FOLDS sets of unit numbers, by a seeded shuffle of the units. */
export function foldsByUnit(units: readonly UnitSeries[], k: number, seed: number): Set<number>[] {
  const order = units.map((u) => u.unit);
  const rng = createRng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return Array.from({ length: Math.min(k, order.length) }, (_, f) => new Set(order.filter((_, i) => i % k === f)));
}

function meanOf(arrays: readonly Float64Array[]): Float64Array {
  return arrays[0]!.map((_, i) => arrays.reduce((s, a) => s + a[i]!, 0) / arrays.length);
}

function clampAtZero(values: Float64Array): Float64Array {
  return values.map((v) => Math.max(0, v));
}
