/**
 * npm run bench:skab -- --data <dir> [--predictions FILE] [--detectors mset,pca,ae] [--compare] [--lofo]
 *                       [--input-windows 1,10,30,60] [--holds 10,30,60] [--thermal drop|change]
 *                       [--slow-windows 0,60] [--smoothings mean,ewma] [--raises 1,10] [--risks 1e-2,1e-3,1e-4]
 *   node --import tsx bench/skab.bench.ts --data ../shared/datasets/skab
 * SKAB outlier detection (waico/SKAB): for every anomalous file under <dir>/valve1, valve2, other — fit on its first 400
 * rows, score the rest; F1, FAR = FP/(FP+TN) and MAR = FN/(FN+TP) over all scored points of all files together
 * (core/metrics.py, binary). Nothing is fit on labels; <dir>/anomaly-free is not used (its operating point differs:
 * flow ≈ 123 l/min against ≈ 32 in valve1).
 * Method, all causal (an online detector could run it); defaults picked by --lofo on valve1, see packages/ml/README.md:
 *   1. features: each sensor's moving average over the last `inputWindow` s (default 10: SKAB's 1 Hz readings are
 *      noisy, its anomalies last minutes); Temperature and Thermocouple left out (`--thermal drop`, default) or kept as
 *      their change over 60 s (`--thermal change`): they follow warm-up and room, not the hydraulics;
 *   2. an Ensemble of MSET and PCA (PyOD score; components up to 99.9% of the variance, so a sensor constant in the
 *      train rows cannot leave a zero-variance component), standardised on the 400 train rows, normalised to [0, 1] on
 *      out-of-fold scores (5 contiguous folds), averaged; `ae` adds the ConvAutoencoder (TensorFlow.js, ≈ 13 s a file);
 *   3. the score's moving average over `scoreWindow` s (default 10), the same on the out-of-fold calibration scores
 *      (`ewma`: an exponentially weighted average of that span instead; a slow scale: the max of this score and the
 *      same computed on `slowWindow`-s input means — both tried by --lofo and not kept, off by default);
 *   4. POT (GPD by Grimshaw, initial quantile 0.9) on the calibration scores' odds; low = the risk-q quantile (q = 1e-4),
 *      medium/high/critical at q/10, q/100, q/1000;
 *   5. AlarmHysteresis: raised at once (`raise` 1), cleared after `hold` = 30 points below 0.8 × the level's
 *      threshold; a point is anomalous while the level is ≥ low.
 *   Delay: a step in a sensor moves its 10 s average halfway in 5 s and the 10 s score average halfway in 5 s; an
 *   alarm clears ≥ 30 s after the score falls (SKAB labels the whole experiment: its anomalies end ≈ 30–45 s after the
 *   flow has recovered, so a 10 s hold missed their tails).
 * Members score all rows of a file and the test part is kept, so a windowed member sees real past rows (still causal).
 * --compare prints the figures of each detector alone and of the ensemble of all; --lofo tunes inputWindow (the
 * --input-windows values), scoreWindow {1, 10, 30}, risk (--risks), hold (--holds) and, when asked, slowWindow,
 * smoothing and raise by leave-files-out (4 folds of files: pick the best F1 on 3, score the 4th) for every subset of
 * --detectors, fitted once per window, and prints the pooled held-out figures.
 * Prints one line per file, then (last line) JSON {"files","f1","far","mar", …}: rates as fractions, not %.
 * --predictions FILE writes `file,datetime,score,anomaly` per scored sample.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AlarmHysteresis,
  addConfusions,
  ConvAutoencoder,
  binaryMetrics,
  causalEwma,
  causalMovingAverage,
  causalMovingAverageColumns,
  confusion,
  Ecod,
  Ensemble,
  fitPot,
  formatPredictionRows,
  initNnBackend,
  IsolationForest,
  Mset,
  OneClassSvm,
  parseSkabCsv,
  Pca,
  PREDICTIONS_HEADER,
  thresholdsFromPot,
  topContributors,
  type Confusion,
  type Detector,
  type EnsembleMember,
  type Matrix,
  type SkabTable,
} from '../packages/ml/src/index';

const TRAIN_ROWS = 400;
const FOLDERS = ['valve1', 'valve2', 'other'];

interface Post {
  readonly scoreWindow: number;
  readonly risk: number;
  /** AlarmHysteresis clearAfter: points below 0.8 × threshold before an alarm clears. */
  readonly hold: number;
  /** AlarmHysteresis raiseAfter: consecutive points at or above the threshold before an alarm is raised. */
  readonly raise: number;
  /** How the score is smoothed over `scoreWindow`: trailing mean or exponentially weighted (span). */
  readonly smoothing: Smoothing;
  /** Second, slow scale: the members' scores on `slowWindow`-s input means, combined by max; 0 = none. */
  readonly slowWindow: number;
}
type Smoothing = 'mean' | 'ewma';
const SMOOTH: Record<Smoothing, (values: ArrayLike<number>, window: number) => Float64Array> = {
  mean: causalMovingAverage,
  ewma: causalEwma,
};
/** Picked by leave-files-out on valve1 (--lofo): the same point won on all 4 folds. */
const DEFAULTS = {
  inputWindow: 10,
  scoreWindow: 10,
  smoothing: 'mean' as Smoothing,
  risk: 1e-4,
  hold: 30,
  raise: 1,
  slowWindow: 0,
  detectors: ['mset', 'pca'],
  thermal: 'drop' as ThermalFeatures,
};

const DETECTORS: Record<string, () => Detector> = {
  mset: () => new Mset(),
  pca: () => new Pca({ nComponents: 0.999 }),
  ecod: () => new Ecod(),
  iforest: () => new IsolationForest({ seed: 7 }),
  ocsvm: () => new OneClassSvm({ nu: 0.05 }),
  ae: () => new ConvAutoencoder({ seed: 0 }),
};
/** Detectors whose fit needs TensorFlow.js loaded first (`initNnBackend`). */
const NEEDS_NN = new Set(['ae']);

interface SkabFile {
  readonly id: string;
  readonly table: SkabTable;
}

/** One file scored by each member: normalised test scores and out-of-fold calibration blocks. */
interface Scored {
  readonly file: SkabFile;
  readonly ensemble: Ensemble;
  /** Test-part features, for contributions. */
  readonly features: Matrix;
  readonly featureNames: string[];
  readonly members: { name: string; test: Float64Array; calibration: Float64Array[] }[];
}

interface Args {
  readonly data: string;
  readonly predictions?: string;
  readonly detectors: string[];
  readonly compare: boolean;
  readonly lofo: boolean;
  /** The inputWindow values --lofo tries (each one refits every file). */
  readonly inputWindows: number[];
  /** The slowWindow values --lofo tries (0 = no slow scale; each other value refits every file). */
  readonly slowWindows: number[];
  /** The hysteresis clearAfter values --lofo tries. */
  readonly holds: number[];
  /** The hysteresis raiseAfter values --lofo tries. */
  readonly raises: number[];
  /** The POT risks --lofo tries. */
  readonly risks: number[];
  /** The score smoothings --lofo tries. */
  readonly smoothings: Smoothing[];
  readonly thermal: ThermalFeatures;
}

function args(): Args {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const detectors = value('--detectors')?.split(',') ?? DEFAULTS.detectors;
  for (const d of detectors) if (!DETECTORS[d]) throw new Error(`unknown detector ${d}; known: ${Object.keys(DETECTORS).join(', ')}`);
  const predictions = value('--predictions');
  const integers = (flag: string, fallback: string, min: number): number[] => {
    const list = (value(flag) ?? fallback).split(',').map(Number);
    if (!list.every((w) => Number.isInteger(w) && w >= min)) throw new Error(`${flag} wants integers ≥ ${min}, got ${value(flag)}`);
    return list;
  };
  const inputWindows = integers('--input-windows', '1,10,30,60', 1);
  const slowWindows = integers('--slow-windows', '0', 0);
  const holds = integers('--holds', '10,30,60', 1);
  const raises = integers('--raises', '1', 1);
  const risks = (value('--risks') ?? '1e-2,1e-3,1e-4').split(',').map(Number);
  if (!risks.every((q) => q > 0 && q < 1)) throw new Error(`--risks wants numbers in (0, 1), got ${value('--risks')}`);
  const smoothings = (value('--smoothings') ?? 'mean').split(',');
  if (!smoothings.every((m): m is Smoothing => m in SMOOTH))
    throw new Error(`--smoothings wants mean and/or ewma, got ${value('--smoothings')}`);
  const thermal = value('--thermal') ?? DEFAULTS.thermal;
  if (thermal !== 'drop' && thermal !== 'change') throw new Error(`--thermal wants drop or change, got ${thermal}`);
  return {
    data: value('--data') ?? join(import.meta.dirname, '../../shared/datasets/skab'),
    ...(predictions ? { predictions } : {}),
    detectors,
    compare: argv.includes('--compare'),
    lofo: argv.includes('--lofo'),
    inputWindows,
    slowWindows,
    holds,
    raises,
    risks,
    smoothings,
    thermal,
  };
}

function loadFiles(dir: string): SkabFile[] {
  const files: SkabFile[] = [];
  for (const folder of FOLDERS) {
    const path = join(dir, folder);
    if (!existsSync(path)) continue;
    const names = readdirSync(path).filter((f) => f.endsWith('.csv'));
    names.sort((a, b) => parseFloat(a) - parseFloat(b) || a.localeCompare(b));
    for (const name of names) files.push({ id: `${folder}/${name}`, table: parseSkabCsv(readFileSync(join(path, name), 'utf8')) });
  }
  if (files.length === 0) throw new Error(`no SKAB files under ${dir}/{${FOLDERS.join(',')}}`);
  return files;
}

const rowsOf = (m: Matrix, a: number, b: number): Matrix => ({ rows: b - a, cols: m.cols, data: m.data.slice(a * m.cols, b * m.cols) });

/**
 * Thermal sensors follow the motor's warm-up and the room, not the hydraulics: their level 10 minutes after the train
 * rows is out of range on normal data, and even their change over 60 s leaves the train range when the motor's
 * Temperature falls by 3 °C (valve1/2, valve1/12: most false alarms). `drop` (default, picked by --lofo) leaves them
 * out; `change` keeps their change over DRIFT_LAG s — the choice for faults that heat the fluid (SKAB's other/, not in
 * this checkout).
 */
const DRIFTING = new Set(['Temperature', 'Thermocouple']);
const DRIFT_LAG = 60;
type ThermalFeatures = 'drop' | 'change';

/** Causal features: each sensor's moving average; a thermal sensor's change over DRIFT_LAG s, or none. */
function features(table: SkabTable, inputWindow: number, thermal: ThermalFeatures): { X: Matrix; names: string[] } {
  const M = causalMovingAverageColumns(table.values, inputWindow);
  const kept = table.sensors.flatMap((name, j) => (DRIFTING.has(name) && thermal === 'drop' ? [] : [{ name, j }]));
  const X: Matrix = { rows: M.rows, cols: kept.length, data: new Float64Array(M.rows * kept.length) };
  kept.forEach(({ name, j }, k) => {
    const lag = DRIFTING.has(name) ? DRIFT_LAG : 0;
    for (let i = 0; i < M.rows; i++) {
      const base = lag > 0 ? M.data[Math.max(0, i - lag) * M.cols + j]! : 0;
      X.data[i * X.cols + k] = M.data[i * M.cols + j]! - base;
    }
  });
  return { X, names: kept.map(({ name }) => (DRIFTING.has(name) ? `${name}:change${DRIFT_LAG}` : `${name}:mean`)) };
}

function scoreFile(file: SkabFile, inputWindow: number, detectors: readonly string[], thermal: ThermalFeatures): Scored {
  const { X, names } = features(file.table, inputWindow, thermal);
  const members: EnsembleMember[] = detectors.map((name) => ({ name, create: DETECTORS[name]! }));
  const ensemble = new Ensemble(members);
  ensemble.fit(rowsOf(X, 0, TRAIN_ROWS));
  // Scored over all rows, test part kept: a windowed member (the autoencoder) sees the train rows before the first test
  // row instead of a padded window; row-wise members score the same either way. Still causal: no future row is used.
  const test = ensemble.memberScores(X).map((m) => ({ name: m.name, scores: m.scores.slice(TRAIN_ROWS) }));
  const calibration = ensemble.memberCalibration();
  return {
    file,
    ensemble,
    features: rowsOf(X, TRAIN_ROWS, X.rows),
    featureNames: names,
    members: test.map((t, i) => ({ name: t.name, test: t.scores, calibration: calibration[i]!.blocks })),
  };
}

/** Mean of the chosen members' normalised scores, smoothed; with a slow scale, the max of both. */
function combined(scales: readonly Scored[], names: readonly string[], post: Post): { test: Float64Array; blocks: Float64Array[] } {
  const mean = (arrays: Float64Array[]): Float64Array => arrays[0]!.map((_, i) => arrays.reduce((a, x) => a + x[i]!, 0) / arrays.length);
  const max = (arrays: Float64Array[]): Float64Array => arrays[0]!.map((_, i) => arrays.reduce((a, x) => Math.max(a, x[i]!), -Infinity));
  const smooth = SMOOTH[post.smoothing];
  const per = scales.map((s) => {
    const chosen = s.members.filter((m) => names.includes(m.name));
    return {
      test: smooth(mean(chosen.map((m) => m.test)), post.scoreWindow),
      blocks: chosen[0]!.calibration.map((_, k) => smooth(mean(chosen.map((m) => m.calibration[k]!)), post.scoreWindow)),
    };
  });
  return { test: max(per.map((p) => p.test)), blocks: per[0]!.blocks.map((_, k) => max(per.map((p) => p.blocks[k]!))) };
}

/** Combined score thresholded by POT, through the hysteresis. */
function decide(
  scales: readonly Scored[],
  names: readonly string[],
  post: Post,
): { score: Float64Array; anomaly: Uint8Array; threshold: number } {
  const { test: score, blocks } = combined(scales, names, post);
  // POT runs on the odds n/(1 − n) of the [0, 1) score: unbounded, so a GPD tail fits it; same order, same alarms.
  const odds = (v: number): number => v / (1 - v);
  const pot = fitPot(
    blocks.flatMap((b) => Array.from(b, odds)),
    { risk: post.risk, initialQuantile: 0.9 },
  );
  const hysteresis = new AlarmHysteresis({ thresholds: thresholdsFromPot(pot), clearAfter: post.hold, raiseAfter: post.raise });
  const anomaly = hysteresis.run(score.map(odds)).map((level) => (level >= 1 ? 1 : 0));
  return { score, anomaly, threshold: pot.threshold / (1 + pot.threshold) };
}

/** The first alarm of a file and the sensors that drive it (ensemble contributions of that row). */
function firstAlarm(s: Scored, anomaly: Uint8Array): string {
  const i = anomaly.indexOf(1);
  if (i < 0) return 'no alarm';
  const shares = s.ensemble.contributions(rowsOf(s.features, i, i + 1));
  const top = topContributors(shares.data, s.featureNames, 2).sensors.map((c) => `${c.sensor} ${(100 * c.share).toFixed(0)}%`);
  return `first alarm ${s.file.table.datetime[TRAIN_ROWS + i]} (${top.join(', ')})`;
}

/** Files scored at each inputWindow they were fitted at (the fast and the slow scale come from here). */
type ByInput = ReadonlyMap<number, readonly Scored[]>;
type Candidate = Post & { readonly inputWindow: number };

/** The scales a candidate combines for file i: its inputWindow, and its slowWindow if any. */
const scalesOf = (byInput: ByInput, i: number, c: Candidate): Scored[] =>
  [c.inputWindow, ...(c.slowWindow > 0 ? [c.slowWindow] : [])].map((w) => byInput.get(w)![i]!);

function evaluate(byInput: ByInput, keep: (i: number) => boolean, names: readonly string[], c: Candidate): Confusion {
  const files = byInput.get(c.inputWindow)!;
  const counts = files.flatMap((s, i) =>
    keep(i) ? [confusion(s.file.table.anomaly!.subarray(TRAIN_ROWS), decide(scalesOf(byInput, i, c), names, c).anomaly)] : [],
  );
  return addConfusions(counts);
}

const fmt = (c: Confusion): string => {
  const m = binaryMetrics(c);
  return `F1 ${m.f1.toFixed(3)}  FAR ${(100 * m.far).toFixed(2)}%  MAR ${(100 * m.mar).toFixed(2)}%`;
};

/** Every non-empty subset of the names, singles first, all last (--lofo scores each on one fit of all members). */
function subsets(names: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let mask = 1; mask < 1 << names.length; mask++) out.push(names.filter((_, i) => mask & (1 << i)));
  return out.sort((a, b) => a.length - b.length);
}

/** Every combination of the axes' values (the --lofo grid). */
function product<T extends Record<string, readonly unknown[]>>(axes: T): { [K in keyof T]: T[K][number] }[] {
  const points = Object.entries(axes).reduce<Record<string, unknown>[]>(
    (acc, [key, values]) => acc.flatMap((p) => values.map((v) => ({ ...p, [key]: v }))),
    [{}],
  );
  return points as { [K in keyof T]: T[K][number] }[];
}

/**
 * Leave-files-out: 4 folds of files; on each, pick the grid point best on the other files, score the held-out ones.
 * Returns the files scored at each inputWindow, so the main run can reuse them.
 */
function leaveFilesOut(files: SkabFile[], opts: Args, sets: string[][]): { byInput: Map<number, Scored[]>; seconds: number } {
  const { detectors, inputWindows, thermal } = opts;
  const axes = {
    inputWindow: inputWindows,
    slowWindow: opts.slowWindows,
    scoreWindow: [1, 10, 30],
    smoothing: opts.smoothings,
    risk: opts.risks,
    hold: opts.holds,
    raise: opts.raises,
  };
  const started = performance.now();
  const windows = [...new Set([...axes.inputWindow, ...axes.slowWindow.filter((w) => w > 0)])];
  const byInput = new Map(windows.map((w) => [w, files.map((f) => scoreFile(f, w, detectors, thermal))]));
  const seconds = (performance.now() - started) / 1000;
  console.log(`lofo: ${files.length} files fitted at inputWindow ${windows.join(', ')} in ${seconds.toFixed(1)} s`);
  const candidates: Candidate[] = product(axes).filter((c) => c.slowWindow === 0 || c.slowWindow > c.inputWindow);
  console.log(`lofo: ${candidates.length} grid points`);
  for (const names of sets) {
    const held: Confusion[] = [];
    for (let fold = 0; fold < 4; fold++) {
      const isHeld = (i: number): boolean => i % 4 === fold;
      const fitF1 = candidates.map((c) => binaryMetrics(evaluate(byInput, (i) => !isHeld(i), names, c)).f1);
      const best = candidates[fitF1.indexOf(Math.max(...fitF1))]!;
      const c = evaluate(byInput, isHeld, names, best);
      held.push(c);
      console.log(`lofo ${names.join('+')} fold ${fold}: picked ${JSON.stringify(best)} → held-out ${fmt(c)}`);
    }
    console.log(`lofo ${names.join('+')} pooled held-out: ${fmt(addConfusions(held))}`);
  }
  return { byInput, seconds };
}

async function main(): Promise<void> {
  const opts = args();
  if ([...opts.detectors, ...(opts.compare ? Object.keys(DETECTORS) : [])].some((d) => NEEDS_NN.has(d))) await initNnBackend();
  const files = loadFiles(opts.data);
  const unlabeled = files.find((f) => !f.table.anomaly);
  if (unlabeled) throw new Error(`${unlabeled.id} has no anomaly column`);
  const post: Candidate = DEFAULTS;
  const sets = subsets(opts.detectors);
  const lofo = opts.lofo ? leaveFilesOut(files, opts, sets) : undefined;
  const all = opts.compare ? Object.keys(DETECTORS) : opts.detectors;
  const started = performance.now();
  const needed = [post.inputWindow, ...(post.slowWindow > 0 ? [post.slowWindow] : [])];
  const reuse = !opts.compare && lofo !== undefined && needed.every((w) => lofo.byInput.has(w));
  const byInput: ByInput = reuse ? lofo.byInput : new Map(needed.map((w) => [w, files.map((f) => scoreFile(f, w, all, opts.thermal))]));
  const scored = byInput.get(post.inputWindow)!;
  const timing = reuse
    ? `reused from --lofo, whose fits took ${lofo.seconds.toFixed(1)} s`
    : `fit+score ${((performance.now() - started) / 1000).toFixed(1)} s`;
  if (opts.compare) {
    for (const name of all) console.log(`${name.padEnd(22)} ${fmt(evaluate(byInput, () => true, [name], post))}`);
    console.log(`${'ensemble of all'.padEnd(22)} ${fmt(evaluate(byInput, () => true, all, post))}`);
  }
  const rows: string[] = [];
  const counts = scored.map((s, i) => {
    const { score, anomaly, threshold } = decide(scalesOf(byInput, i, post), opts.detectors, post);
    const truth = s.file.table.anomaly!.subarray(TRAIN_ROWS);
    const c = confusion(truth, anomaly);
    console.log(
      `${s.file.id.padEnd(16)} rows ${String(truth.length).padStart(5)}  threshold ${threshold.toFixed(3)}  tp ${c.tp} fp ${c.fp} fn ${c.fn} tn ${c.tn}  ${fmt(c)}  ${firstAlarm(s, anomaly)}`,
    );
    if (opts.predictions) {
      const dt = s.file.table.datetime.slice(TRAIN_ROWS);
      rows.push(
        formatPredictionRows(Array.from(score, (v, i) => ({ file: s.file.id, datetime: dt[i]!, score: v, anomaly: anomaly[i] as 0 | 1 }))),
      );
    }
    return c;
  });
  if (opts.predictions) writeFileSync(opts.predictions, `${PREDICTIONS_HEADER}\n${rows.join('\n')}\n`);
  const total = addConfusions(counts);
  const m = binaryMetrics(total);
  console.log(`all ${files.length} files (${opts.detectors.join('+')}): ${fmt(total)}  (${timing})`);
  const round = (x: number): number => Math.round(x * 1e4) / 1e4;
  console.log(
    JSON.stringify({ files: files.length, f1: round(m.f1), far: round(m.far), mar: round(m.mar), ...total, detectors: opts.detectors }),
  );
}

await main();
