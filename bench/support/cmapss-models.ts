/**
 * Model families of bench/cmapss.bench.ts and the cross-fitting that turns them into one RUL predictor with
 * calibrated intervals. A family fits on run-to-failure units (with held-out units for early stopping) and predicts
 * the RUL after the last cycle of any units; a sequence model (LSTM, GRU, TCN) joins by adding an entry to FAMILIES.
 *
 * Cross-fitting: the training units are split into K folds by unit (seeded); for each fold a member of every family
 * trains on the other folds, stopping early on the fold's rows, and predicts the fold's units cut at random cycles
 * (`truncate`, as the test units were cut) — out-of-fold predictions of every training unit, with their true,
 * uncapped RUL. The test prediction is the mean of all K × families members. Intervals are split conformal on those
 * out-of-fold rows: by default CQR (Romano et al. 2019) around the members' mean 5%/95% quantile predictions, from
 * quantile trees trained on the true, uncapped RUL — the spread the capped point target hides (a healthy engine at
 * cycle 50 may have 90 or 250 cycles left); or 'normalized', ŷ ± q·σ̂ with σ̂ = SIGMA_FLOOR + ŷ⁺ (the error grows with
 * the RUL). The calibration rows come from members that saw less data than the averaged test prediction.
 */
import {
  ConformalCalibrator,
  createRng,
  GradientBoostedTrees,
  type GbdtOptions,
  type Interval,
  type Matrix,
  rmse,
  type RulPreprocessor,
  type UnitSeries,
} from '../../packages/ml/src/index';
import { CmapssBenchError, truncate, type IntervalMethod } from './cmapss-protocol';
import { windowFeatures, type WindowFeatureOptions } from './cmapss-features';

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

/** Feature rows of every cycle, with the capped target and the true RUL. */
function trainingRows(
  prep: RulPreprocessor,
  units: readonly UnitSeries[],
  windows: WindowFeatureOptions,
): { X: Matrix; y: Float64Array; rul: Float64Array } {
  const prepared = prep.transform(units, true);
  const rul = Float64Array.from(units.flatMap((u) => Array.from(u.cycles, (c) => u.cycles[u.cycles.length - 1]! - c)));
  return { X: windowFeatures(prepared, 'all', windows), y: Float64Array.from(prepared.flatMap((u) => Array.from(u.target!))), rul };
}

/**
 * Gradient-boosted trees on window features: one point model per entry of `windows` (averaged: windows of different
 * lengths err differently), and for CQR two quantile models on the last entry's features; `trees` are the point
 * models' options.
 */
export function gbdtFamily(name: string, windows: readonly WindowFeatureOptions[] = [{}], trees: GbdtOptions = GBDT_OPTIONS): RulFamily {
  return { name, fit: (train, validation, ctx) => fitGbdt(train, validation, ctx, windows, trees) };
}

function fitGbdt(
  train: readonly UnitSeries[],
  validation: readonly UnitSeries[],
  { prep, seed, intervals, level }: FamilyContext,
  windows: readonly WindowFeatureOptions[],
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
  const features = (units: readonly UnitSeries[], w: WindowFeatureOptions): Matrix => windowFeatures(prep.transform(units), 'last', w);
  const predict = (units: readonly UnitSeries[]): Float64Array =>
    clampAtZero(meanOf(points.map((p) => p.model.predict(features(units, p.w)))));
  if (intervals !== 'cqr') return { note: notes.join('; '), predict };
  const last = points[points.length - 1]!;
  const [lo, hi] = [(1 - level) / 2, (1 + level) / 2].map((quantileAlpha, i) => {
    const q = new GradientBoostedTrees({ ...GBDT_QUANTILE_OPTIONS, objective: 'quantile', quantileAlpha, seed: seed + 1 + i });
    q.fit(last.fitRows.X, last.fitRows.rul);
    return q;
  }) as [GradientBoostedTrees, GradientBoostedTrees];
  return {
    note: `${notes.join('; ')}; quantile trees ${lo.treeCount} / ${hi.treeCount}`,
    predict,
    bounds: (units) => {
      const X = features(units, last.w);
      return { lower: lo.predict(X), upper: hi.predict(X) };
    },
  };
}

/** `gbdt`: point models on 20- and 50-cycle windows (out-of-fold RMSE vs capped truth on train_FD001: 9.96, against
 * 10.21 for one 30-cycle model and 10.59 for one 50-cycle model). */
export const FAMILIES: Readonly<Record<string, RulFamily>> = { gbdt: gbdtFamily('gbdt', [{ long: 20 }, { long: 50 }]) };

/** Lower bound of σ̂ in cycles, so units predicted near failure keep a finite-width interval. */
export const SIGMA_FLOOR = 10;
export const FOLDS = 5;
/** Random cut points per training unit in the calibration set. */
export const CUTS_PER_UNIT = 5;

export interface CrossFitted {
  readonly members: RulMember[];
  readonly calibrator: ConformalCalibrator;
  /** Out-of-fold RMSE of the calibration rows against their true RUL and against it capped at 125 (test-like estimates from training data only). */
  readonly oofRmse: number;
  readonly oofRmse125: number;
  readonly calibrationRows: number;
}

/** Trains FOLDS × families members and calibrates the intervals on their out-of-fold predictions. */
export function crossFit(
  train: readonly UnitSeries[],
  families: readonly RulFamily[],
  ctx: FamilyContext & { readonly log: (line: string) => void },
): CrossFitted {
  const folds = foldsByUnit(train, FOLDS, ctx.seed);
  const members: RulMember[] = [];
  const predicted: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const truth: number[] = [];
  const cutRng = createRng(ctx.seed + 104729);
  folds.forEach((held, k) => {
    const fit = train.filter((u) => !held.has(u.unit));
    const validation = train.filter((u) => held.has(u.unit));
    const cuts = validation.flatMap((u) => Array.from({ length: CUTS_PER_UNIT }, () => truncate(u, cutRng.next())));
    const fold = families.map((family, f) => {
      const started = performance.now();
      const member = family.fit(fit, validation, { ...ctx, seed: ctx.seed * 1000 + k * 10 + f });
      ctx.log(`  fold ${k + 1}/${folds.length} ${family.name}: ${member.note} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      return member;
    });
    members.push(...fold);
    const units = cuts.map((c) => c.unit);
    predicted.push(...meanOf(fold.map((m) => m.predict(units))));
    if (ctx.intervals === 'cqr') {
      const b = meanBounds(fold, units);
      lower.push(...b.lower);
      upper.push(...b.upper);
    }
    truth.push(...cuts.map((c) => c.rul));
  });
  const input = ctx.intervals === 'cqr' ? { lower, upper } : { predicted, difficulty: difficulty(predicted) };
  const calibrator = ConformalCalibrator.calibrate(ctx.intervals, input, truth, ctx.level);
  const oofRmse = rmse(predicted, truth);
  const oofRmse125 = rmse(
    predicted,
    truth.map((v) => Math.min(v, 125)),
  );
  return { members, calibrator, oofRmse, oofRmse125, calibrationRows: predicted.length };
}

/** Mean prediction of the members and its conformal interval. */
export function predictWithInterval(fitted: CrossFitted, units: readonly UnitSeries[]): { rul: Float64Array } & Interval {
  const rul = meanOf(fitted.members.map((m) => m.predict(units)));
  const input = fitted.calibrator.method === 'cqr' ? meanBounds(fitted.members, units) : { predicted: rul, difficulty: difficulty(rul) };
  const { lower, upper } = fitted.calibrator.apply(input);
  return { rul, lower: lower.map((v) => Math.max(0, v)), upper };
}

/** Mean lower and upper bounds of the members (each must offer `bounds`). */
function meanBounds(members: readonly RulMember[], units: readonly UnitSeries[]): { lower: Float64Array; upper: Float64Array } {
  const all = members.map((m) => {
    if (!m.bounds)
      throw new CmapssBenchError(
        'CMAPSS_BENCH_BAD_ARGS',
        'cqr intervals need model families with quantile bounds: use --intervals normalized',
      );
    return m.bounds(units);
  });
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
