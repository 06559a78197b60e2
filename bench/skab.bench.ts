/**
 * npm run bench:skab -- --data <dir> [--predictions FILE] [--detectors mset,pca] [--compare] [--lofo]
 *   node --import tsx bench/skab.bench.ts --data ../shared/datasets/skab
 * SKAB outlier detection (waico/SKAB): for every anomalous file under <dir>/valve1, valve2, other — fit on its first 400
 * rows, score the rest; F1, FAR = FP/(FP+TN) and MAR = FN/(FN+TP) over all scored points of all files together
 * (core/metrics.py, binary). Nothing is fit on labels; <dir>/anomaly-free is not used (its operating point differs:
 * flow ≈ 123 l/min against ≈ 32 in valve1).
 * Method, all causal (an online detector could run it); defaults picked by --lofo on valve1, see packages/ml/README.md:
 *   1. features: each sensor's moving average over the last `inputWindow` s (default 10: SKAB's 1 Hz readings are
 *      noisy, its anomalies last minutes); Temperature and Thermocouple as their change over 60 s instead of their
 *      level (they drift for the whole run, so a level fitted on the first 400 s is out of range later on normal data);
 *   2. an Ensemble of MSET and PCA (PyOD score; components up to 99.9% of the variance, so a sensor constant in the
 *      train rows cannot leave a zero-variance component), standardised on the 400 train rows, normalised to [0, 1] on
 *      out-of-fold scores (5 contiguous folds), averaged;
 *   3. the score's moving average over `scoreWindow` s (default 30), the same on the out-of-fold calibration scores;
 *   4. POT (GPD by Grimshaw, initial quantile 0.9) on the calibration scores' odds; low = the risk-q quantile (q = 1e-2),
 *      medium/high/critical at q/10, q/100, q/1000;
 *   5. AlarmHysteresis: raised at once, cleared after 10 points below 0.8 × the level's threshold;
 *      a point is anomalous while the level is ≥ low.
 *   Delay: a step in a sensor moves its 10 s average halfway in 5 s and the 30 s score average halfway in 15 s; an
 *   alarm clears ≥ 10 s after the score falls.
 * --compare prints the figures of each detector alone and of the ensemble of all; --lofo tunes inputWindow, scoreWindow
 * and risk by leave-files-out (4 folds of files: pick on 3, score the 4th) and prints the held-out figures.
 * Prints one line per file, then (last line) JSON {"files","f1","far","mar", …}: rates as fractions, not %.
 * --predictions FILE writes `file,datetime,score,anomaly` per scored sample.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AlarmHysteresis,
  addConfusions,
  binaryMetrics,
  causalMovingAverage,
  causalMovingAverageColumns,
  confusion,
  Ecod,
  Ensemble,
  fitPot,
  formatPredictionRows,
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
}
/** Picked by leave-files-out on valve1 (--lofo): the same point won on all 4 folds. */
const DEFAULTS = { inputWindow: 10, scoreWindow: 30, risk: 1e-2, detectors: ['mset', 'pca'] };

const DETECTORS: Record<string, () => Detector> = {
  mset: () => new Mset(),
  pca: () => new Pca({ nComponents: 0.999 }),
  ecod: () => new Ecod(),
  iforest: () => new IsolationForest({ seed: 7 }),
  ocsvm: () => new OneClassSvm({ nu: 0.05 }),
};

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
  readonly members: { name: string; test: Float64Array; calibration: Float64Array[] }[];
}

function args(): { data: string; predictions?: string; detectors: string[]; compare: boolean; lofo: boolean } {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const detectors = value('--detectors')?.split(',') ?? DEFAULTS.detectors;
  for (const d of detectors) if (!DETECTORS[d]) throw new Error(`unknown detector ${d}; known: ${Object.keys(DETECTORS).join(', ')}`);
  const predictions = value('--predictions');
  return {
    data: value('--data') ?? join(import.meta.dirname, '../../shared/datasets/skab'),
    ...(predictions ? { predictions } : {}),
    detectors,
    compare: argv.includes('--compare'),
    lofo: argv.includes('--lofo'),
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
 * Thermal sensors drift slowly with run time (the motor and the fluid warm up for the whole experiment), so their level
 * 10 minutes after the train rows is out of range on normal data; their change over the last DRIFT_LAG s is kept instead.
 */
const DRIFTING = new Set(['Temperature', 'Thermocouple']);
const DRIFT_LAG = 60;

/** Causal features: each sensor's moving average; a drifting sensor's as its change over DRIFT_LAG s. */
function features(table: SkabTable, inputWindow: number): Matrix {
  const X = causalMovingAverageColumns(table.values, inputWindow);
  const out = X.data.slice();
  table.sensors.forEach((name, j) => {
    if (!DRIFTING.has(name)) return;
    for (let i = 0; i < X.rows; i++) out[i * X.cols + j] = X.data[i * X.cols + j]! - X.data[Math.max(0, i - DRIFT_LAG) * X.cols + j]!;
  });
  return { rows: X.rows, cols: X.cols, data: out };
}

function scoreFile(file: SkabFile, inputWindow: number, detectors: readonly string[]): Scored {
  const X = features(file.table, inputWindow);
  const members: EnsembleMember[] = detectors.map((name) => ({ name, create: DETECTORS[name]! }));
  const ensemble = new Ensemble(members);
  ensemble.fit(rowsOf(X, 0, TRAIN_ROWS));
  const test = ensemble.memberScores(rowsOf(X, TRAIN_ROWS, X.rows));
  const calibration = ensemble.memberCalibration();
  return {
    file,
    ensemble,
    features: rowsOf(X, TRAIN_ROWS, X.rows),
    members: test.map((t, i) => ({ name: t.name, test: t.scores, calibration: calibration[i]!.blocks })),
  };
}

/** Mean of the chosen members' normalised scores, smoothed, thresholded by POT, through the hysteresis. */
function decide(s: Scored, names: readonly string[], post: Post): { score: Float64Array; anomaly: Uint8Array; threshold: number } {
  const chosen = s.members.filter((m) => names.includes(m.name));
  const mean = (arrays: Float64Array[]): Float64Array => arrays[0]!.map((_, i) => arrays.reduce((a, x) => a + x[i]!, 0) / arrays.length);
  const score = causalMovingAverage(mean(chosen.map((m) => m.test)), post.scoreWindow);
  const blocks = chosen[0]!.calibration.map((_, k) => causalMovingAverage(mean(chosen.map((m) => m.calibration[k]!)), post.scoreWindow));
  // POT runs on the odds n/(1 − n) of the [0, 1) score: unbounded, so a GPD tail fits it; same order, same alarms.
  const odds = (v: number): number => v / (1 - v);
  const pot = fitPot(
    blocks.flatMap((b) => Array.from(b, odds)),
    { risk: post.risk, initialQuantile: 0.9 },
  );
  const hysteresis = new AlarmHysteresis({ thresholds: thresholdsFromPot(pot) });
  const anomaly = hysteresis.run(score.map(odds)).map((level) => (level >= 1 ? 1 : 0));
  return { score, anomaly, threshold: pot.threshold / (1 + pot.threshold) };
}

/** The first alarm of a file and the sensors that drive it (ensemble contributions of that row). */
function firstAlarm(s: Scored, anomaly: Uint8Array): string {
  const i = anomaly.indexOf(1);
  if (i < 0) return 'no alarm';
  const shares = s.ensemble.contributions(rowsOf(s.features, i, i + 1));
  const names = s.file.table.sensors.map((n) => (DRIFTING.has(n) ? `${n}:change${DRIFT_LAG}` : `${n}:mean`));
  const top = topContributors(shares.data, names, 2).sensors.map((c) => `${c.sensor} ${(100 * c.share).toFixed(0)}%`);
  return `first alarm ${s.file.table.datetime[TRAIN_ROWS + i]} (${top.join(', ')})`;
}

function evaluate(scored: readonly Scored[], names: readonly string[], post: Post): Confusion {
  return addConfusions(scored.map((s) => confusion(s.file.table.anomaly!.subarray(TRAIN_ROWS), decide(s, names, post).anomaly)));
}

const fmt = (c: Confusion): string => {
  const m = binaryMetrics(c);
  return `F1 ${m.f1.toFixed(3)}  FAR ${(100 * m.far).toFixed(2)}%  MAR ${(100 * m.mar).toFixed(2)}%`;
};

/** Leave-files-out: 4 folds of files; on each, pick the grid point best on the other files, score the held-out ones. */
function leaveFilesOut(files: SkabFile[], detectors: readonly string[]): void {
  const grid = { inputWindow: [1, 10, 30, 60], scoreWindow: [1, 10, 30], risk: [1e-2, 1e-3, 1e-4] };
  const byInput = new Map(grid.inputWindow.map((w) => [w, files.map((f) => scoreFile(f, w, detectors))]));
  const candidates = grid.inputWindow.flatMap((inputWindow) =>
    grid.scoreWindow.flatMap((scoreWindow) => grid.risk.map((risk) => ({ inputWindow, scoreWindow, risk }))),
  );
  const held: Confusion[] = [];
  for (let fold = 0; fold < 4; fold++) {
    const isHeld = (i: number): boolean => i % 4 === fold;
    const f1 = (c: (typeof candidates)[number], keep: (i: number) => boolean): Confusion =>
      evaluate(
        byInput.get(c.inputWindow)!.filter((_, i) => keep(i)),
        detectors,
        c,
      );
    const best = candidates.reduce((a, c) =>
      binaryMetrics(f1(c, (i) => !isHeld(i))).f1 > binaryMetrics(f1(a, (i) => !isHeld(i))).f1 ? c : a,
    );
    const c = f1(best, isHeld);
    held.push(c);
    console.log(`lofo fold ${fold}: picked ${JSON.stringify(best)} → held-out ${fmt(c)}`);
  }
  console.log(`lofo pooled held-out: ${fmt(addConfusions(held))}`);
}

function main(): void {
  const opts = args();
  const files = loadFiles(opts.data);
  const unlabeled = files.find((f) => !f.table.anomaly);
  if (unlabeled) throw new Error(`${unlabeled.id} has no anomaly column`);
  const post = { scoreWindow: DEFAULTS.scoreWindow, risk: DEFAULTS.risk };
  if (opts.lofo) leaveFilesOut(files, opts.detectors);
  const all = opts.compare ? Object.keys(DETECTORS) : opts.detectors;
  const started = performance.now();
  const scored = files.map((f) => scoreFile(f, DEFAULTS.inputWindow, all));
  const seconds = (performance.now() - started) / 1000;
  if (opts.compare) {
    for (const name of all) console.log(`${name.padEnd(22)} ${fmt(evaluate(scored, [name], post))}`);
    console.log(`${'ensemble of all'.padEnd(22)} ${fmt(evaluate(scored, all, post))}`);
  }
  const rows: string[] = [];
  const counts = scored.map((s) => {
    const { score, anomaly, threshold } = decide(s, opts.detectors, post);
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
  console.log(`all ${files.length} files (${opts.detectors.join('+')}): ${fmt(total)}  (fit+score ${seconds.toFixed(1)} s)`);
  const round = (x: number): number => Math.round(x * 1e4) / 1e4;
  console.log(
    JSON.stringify({ files: files.length, f1: round(m.f1), far: round(m.far), mar: round(m.mar), ...total, detectors: opts.detectors }),
  );
}

main();
