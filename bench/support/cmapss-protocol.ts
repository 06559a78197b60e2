/**
 * The evaluation protocol of bench/cmapss.bench.ts, pure apart from reading the subset's files: argument parsing,
 * the official test protocol (last cycle of each unit of test_FD00X.txt against RUL_FD00X.txt) or, when those files
 * are absent, the validation protocol (held-out training units cut at a random cycle, as the test files were built),
 * the scores, and the predictions CSV. Errors carry a stable `code` (CmapssBenchError).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createRng,
  intervalCoverage,
  meanIntervalWidth,
  parseCmapss,
  parseCmapssRul,
  phm08Score,
  rmse,
  splitUnits,
  testTruth,
  unitPrefix,
  type UnitSeries,
} from '../../packages/ml/src/index';

export type CmapssBenchCode = 'CMAPSS_BENCH_BAD_ARGS' | 'CMAPSS_BENCH_NO_DATA';

export class CmapssBenchError extends Error {
  constructor(
    readonly code: CmapssBenchCode,
    message: string,
  ) {
    super(message);
    this.name = 'CmapssBenchError';
  }
}

export interface CmapssBenchArgs {
  readonly data: string;
  readonly subset: string;
  readonly predictions?: string;
  readonly seed: number;
  /** Model families, averaged when several (bench/support/cmapss-models.ts). */
  readonly models: string[];
  /** 'auto': the test files when present, else validation. 'validation' forces the fallback (to check it on FD001). */
  readonly protocol: 'auto' | 'validation';
  /** Nominal interval level. */
  readonly level: number;
  /** Conformal method of the intervals (bench/support/cmapss-models.ts). */
  readonly intervals: IntervalMethod;
  /** Also train xgboost and our trees on the same matrices and compare their RMSE (bench/support/cmapss-xgboost.ts). */
  readonly xgboost: boolean;
  /** Cross-fittings over different fold splits, their members averaged (bench/support/cmapss-models.ts `crossFit`). */
  readonly bags: number;
  /** Second stage predicting the true, uncapped RUL from the capped prediction and the cycles observed (`RulUncapper`). */
  readonly uncap: boolean;
  /** Trajectory stage refining the prediction from the unit's predictions at earlier cycles (`RulTrajectoryStage`). */
  readonly trajectory: boolean;
}

export type IntervalMethod = 'normalized' | 'cqr';
export const INTERVAL_METHODS: readonly IntervalMethod[] = ['normalized', 'cqr'];

/** Default `--bags`: one cross-fitting (docs/rul.md, C-MAPSS bench: what more bags gave). */
export const DEFAULT_BAGS = 1;

/** Default `--uncap` (docs/rul.md, C-MAPSS bench: what the second stage gave on the validation protocol). */
export const DEFAULT_UNCAP = false;

/** Default `--trajectory` (docs/rul.md, C-MAPSS bench: what the stage gave on the validation protocol). */
export const DEFAULT_TRAJECTORY = true;

const FLAGS = new Set([
  '--data',
  '--subset',
  '--predictions',
  '--seed',
  '--models',
  '--protocol',
  '--level',
  '--intervals',
  '--bags',
  '--uncap',
  '--trajectory',
]);

/** Parses `--data <dir> --subset FD00X [--predictions FILE] [--seed N] [--models a,b] [--protocol auto|validation] [--level L] [--intervals cqr|normalized] [--bags N] [--uncap on|off] [--trajectory on|off] [--xgboost]`. */
export function parseArgs(argv: readonly string[], knownModels: readonly string[], defaultData: string): CmapssBenchArgs {
  const list = argv.filter((a) => a !== '--');
  const values = new Map<string, string>();
  const xgboost = list.includes('--xgboost');
  const pairs = list.filter((a) => a !== '--xgboost');
  for (let i = 0; i < pairs.length; i += 2) {
    const flag = pairs[i]!;
    if (!FLAGS.has(flag)) throw badArgs(`unknown argument ${flag}; expected ${[...FLAGS].join(', ')} or --xgboost`);
    const value = pairs[i + 1];
    if (value === undefined || value.startsWith('--')) throw badArgs(`${flag} needs a value`);
    values.set(flag, value);
  }
  const subset = values.get('--subset');
  if (subset === undefined) throw badArgs('--subset FD001|FD002|FD003|FD004 is required');
  if (!/^FD00[1-4]$/.test(subset)) throw badArgs(`--subset wants FD001..FD004, got ${subset}`);
  const seed = Number(values.get('--seed') ?? '0');
  if (!Number.isSafeInteger(seed) || seed < 0) throw badArgs(`--seed wants a non-negative integer, got ${values.get('--seed')}`);
  const models = (values.get('--models') ?? 'gbdt').split(',');
  for (const m of models) if (!knownModels.includes(m)) throw badArgs(`unknown model family ${m}; known: ${knownModels.join(', ')}`);
  const protocol = values.get('--protocol') ?? 'auto';
  if (protocol !== 'auto' && protocol !== 'validation') throw badArgs(`--protocol wants auto or validation, got ${protocol}`);
  const level = Number(values.get('--level') ?? '0.9');
  if (!(level > 0 && level < 1)) throw badArgs(`--level wants a number in (0, 1), got ${values.get('--level')}`);
  const intervals = values.get('--intervals') ?? 'cqr';
  if (!INTERVAL_METHODS.includes(intervals as IntervalMethod))
    throw badArgs(`--intervals wants ${INTERVAL_METHODS.join(' or ')}, got ${intervals}`);
  const bags = Number(values.get('--bags') ?? String(DEFAULT_BAGS));
  if (!Number.isSafeInteger(bags) || bags < 1) throw badArgs(`--bags wants a positive integer, got ${values.get('--bags')}`);
  const uncap = values.get('--uncap') ?? (DEFAULT_UNCAP ? 'on' : 'off');
  if (uncap !== 'on' && uncap !== 'off') throw badArgs(`--uncap wants on or off, got ${uncap}`);
  const trajectory = values.get('--trajectory') ?? (DEFAULT_TRAJECTORY ? 'on' : 'off');
  if (trajectory !== 'on' && trajectory !== 'off') throw badArgs(`--trajectory wants on or off, got ${trajectory}`);
  const predictions = values.get('--predictions');
  return {
    uncap: uncap === 'on',
    trajectory: trajectory === 'on',
    xgboost,
    bags,
    intervals: intervals as IntervalMethod,
    data: values.get('--data') ?? defaultData,
    subset,
    seed,
    models,
    protocol,
    level,
    ...(predictions ? { predictions } : {}),
  };
}

/** What a model is trained on and scored on, and how the evaluation units were obtained. */
export interface Evaluation {
  readonly protocol: 'test' | 'validation';
  /** Why this protocol (printed with the results). */
  readonly note: string;
  readonly train: UnitSeries[];
  /** Evaluation units, each ending at the cycle whose RUL is predicted. */
  readonly test: UnitSeries[];
  /** True (uncapped) RUL after each evaluation unit's last cycle. */
  readonly truth: Float64Array;
}

/** Share of the training units held out as pseudo-test units by the validation protocol. */
export const VALIDATION_FRACTION = 0.3;

/** Reads the subset: the test protocol when test_ and RUL_ files exist (and `protocol` is 'auto'), else validation. */
export function loadEvaluation(dir: string, subset: string, protocol: 'auto' | 'validation', seed: number): Evaluation {
  const file = (name: string): string => join(dir, `${name}_${subset}.txt`);
  if (!existsSync(file('train'))) throw new CmapssBenchError('CMAPSS_BENCH_NO_DATA', `${file('train')} not found`);
  const train = parseCmapss(readFileSync(file('train'), 'utf8'));
  const missing = ['test', 'RUL'].filter((n) => !existsSync(file(n)));
  if (protocol === 'auto' && missing.length === 0) {
    const test = parseCmapss(readFileSync(file('test'), 'utf8'));
    const rul = parseCmapssRul(readFileSync(file('RUL'), 'utf8'));
    const byUnit = testTruth(test, rul);
    return {
      protocol: 'test',
      note: `official test: last cycle of the ${test.length} units of test_${subset}.txt against RUL_${subset}.txt`,
      train,
      test,
      truth: Float64Array.from(test, (u) => byUnit.get(u.unit)!),
    };
  }
  const why = protocol === 'validation' ? '--protocol validation' : `${missing.map((n) => `${n}_${subset}.txt`).join(' and ')} not found`;
  return { ...validationSplit(train, seed), note: `VALIDATION protocol (${why})` };
}

/**
 * The fallback: VALIDATION_FRACTION of the training units (split by unit, seeded) become pseudo-test units, each cut
 * after a random cycle (`truncate`); the model trains on the others only.
 */
export function validationSplit(units: readonly UnitSeries[], seed: number): Omit<Evaluation, 'note'> {
  const split = splitUnits(
    units.map((u) => u.unit),
    VALIDATION_FRACTION,
    seed,
  );
  const held = new Set(split.validation);
  const rng = createRng(seed + 7919);
  const cut = units.filter((u) => held.has(u.unit)).map((u) => truncate(u, rng.next()));
  return {
    protocol: 'validation',
    train: units.filter((u) => !held.has(u.unit)),
    test: cut.map((c) => c.unit),
    truth: Float64Array.from(cut, (c) => c.rul),
  };
}

/** Largest RUL the validation protocol and the calibration rows cut at (see `truncate`). */
export const MAX_CUT_RUL = 200;

/**
 * A run-to-failure unit cut as the C-MAPSS test units were: its RUL after the cut is drawn uniformly in
 * [1, min(n − 31, MAX_CUT_RUL)] whatever its life n, and it keeps at least min(31, n − 1) cycles. In test_FD001 the RUL
 * spreads evenly over 7–145 and hardly depends on the engine's life (correlation 0.22), the shortest unit keeps 31
 * cycles; the other subsets' test RULs reach ≈ 195, hence 200. `u01` is a uniform draw in [0, 1).
 */
export function truncate(u: UnitSeries, u01: number): { unit: UnitSeries; rul: number } {
  const n = u.cycles.length;
  if (n < 2) throw new CmapssBenchError('CMAPSS_BENCH_NO_DATA', `unit ${u.unit} has ${n} cycle(s): cannot be cut`);
  const maxRul = Math.max(1, Math.min(n - Math.min(31, n - 1), MAX_CUT_RUL));
  const keep = n - (1 + Math.min(maxRul - 1, Math.floor(u01 * maxRul)));
  return { unit: unitPrefix(u, n - keep), rul: u.cycles[n - 1]! - u.cycles[keep - 1]! };
}

export interface Scores {
  readonly rmse: number;
  readonly score: number;
  readonly rmseCapped: number;
  readonly scoreCapped: number;
  readonly coverage: number;
  readonly coverageCapped: number;
  readonly width: number;
}

/** RMSE and PHM08 score against the true RUL and against it capped at `cap`; coverage and mean width of the intervals. */
export function scoreResult(truth: Float64Array, rul: Float64Array, lower: Float64Array, upper: Float64Array, cap = 125): Scores {
  const capped = truth.map((v) => Math.min(v, cap));
  return {
    rmse: rmse(rul, truth),
    score: phm08Score(rul, truth),
    rmseCapped: rmse(rul, capped),
    scoreCapped: phm08Score(rul, capped),
    coverage: intervalCoverage(truth, lower, upper),
    coverageCapped: intervalCoverage(capped, lower, upper),
    width: meanIntervalWidth(lower, upper),
  };
}

export const PREDICTIONS_HEADER = 'unit,rul,lower,upper';

/** The predictions CSV: header, then `unit,rul,lower,upper` per evaluation unit (2 decimals), newline-terminated. */
export function predictionsCsv(
  units: readonly number[],
  rul: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): string {
  const f = (v: number): string => v.toFixed(2);
  const lines = units.map((u, i) => `${u},${f(rul[i]!)},${f(lower[i]!)},${f(upper[i]!)}`);
  return `${PREDICTIONS_HEADER}\n${lines.join('\n')}\n`;
}

function badArgs(message: string): CmapssBenchError {
  return new CmapssBenchError('CMAPSS_BENCH_BAD_ARGS', message);
}
