/**
 * npm run bench:features — feature-extraction throughput of @vigie/signal against tsfresh, same windows, same run.
 *   node --import tsx bench/features.bench.ts [windowLength=1024] [hop=512]
 * Windows: every CWRU 12 kHz fault recording in ../shared/datasets/cwru_12k_de_0hp, cut with the given hop.
 * 1. the 22-feature subset tsfresh computes (tsfresh_bench.py PARAMS: moments, abs_energy, mean_abs_change, cid_ce,
 *    c3×3, autocorrelation×4, number_peaks×3, linear_trend slope), ours vs tsfresh.extract_features(n_jobs=0), whose
 *    time excludes interpreter start, imports and DataFrame building; values are cross-checked on identical definitions;
 * 2. the full extractor, extractFeaturesInto (columnar): time, spectral, bands, 1×/2×/3×, envelope at
 *    BPFO/BPFI/BSF/FTF, db4 wavelet levels and packets.
 * One core (single JS thread; tsfresh n_jobs=0). Last line: JSON {"features_per_s", "ratio_vs_tsfresh", …}, both for
 * the shared 22-feature subset; the full extractor's figures follow as full_extractor_*.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  autocorrelationsInto,
  c3Lags123Into,
  differenceStatsInto,
  CWRU_DRIVE_END_BEARING,
  extractFeaturesInto,
  featureNames,
  numberPeaksInto,
  timeDomainFeatures,
  type ExtractOptions,
} from '../packages/signal/src/index';
import { cwruLabels, cwruSignal } from '../packages/signal/test/support/cwru';

const LENGTH = Number(process.argv[2] ?? 1024);
const HOP = Number(process.argv[3] ?? 512);
const FS = 12000;

/** The same 22 features as tsfresh_bench.py, in its column order (checked by name below). */
const SUBSET_COLUMNS = [
  'mean',
  'standard_deviation',
  'variance',
  'root_mean_square',
  'minimum',
  'maximum',
  'skewness',
  'kurtosis',
  'abs_energy',
  'mean_abs_change',
  'cid_ce__normalize_True',
  'c3__lag_1',
  'c3__lag_2',
  'c3__lag_3',
  'autocorrelation__lag_1',
  'autocorrelation__lag_2',
  'autocorrelation__lag_5',
  'autocorrelation__lag_10',
  'number_peaks__n_1',
  'number_peaks__n_5',
  'number_peaks__n_10',
  'linear_trend__attr_"slope"',
].map((c) => `value__${c}`);

function subset(x: Float64Array, out: Float64Array): void {
  const t = timeDomainFeatures(x);
  const variance = t.std * t.std;
  out[0] = t.mean;
  out[1] = t.std;
  out[2] = variance;
  out[3] = t.rms;
  out[4] = t.min;
  out[5] = t.max;
  out[6] = t.skewness;
  out[7] = t.kurtosis;
  differenceStatsInto(x, t.std, scratch4, 0); // trend slope, abs_energy, mean_abs_change, cid_ce in one pass
  out[8] = scratch4[1]!;
  out[9] = scratch4[2]!;
  out[10] = scratch4[3]!;
  c3Lags123Into(x, out, 11);
  autocorrelationsInto(x, LAGS, t.mean, variance, out, 14);
  numberPeaksInto(x, SUPPORTS, out, 18);
  out[21] = scratch4[0]!;
}
const LAGS = [1, 2, 5, 10];
const scratch4 = new Float64Array(4);
const SUPPORTS = [1, 5, 10];
const SUBSET = 22;

function windows(): Float64Array[] {
  const out: Float64Array[] = [];
  for (const r of cwruLabels().filter((l) => l.fs === FS)) {
    const x = cwruSignal(r.file);
    for (let s = 0; s + LENGTH <= x.length; s += HOP) out.push(x.slice(s, s + LENGTH));
  }
  return out;
}

/** Repeats `run` over all windows until ≥ 2 s have passed; returns windows per second. */
function rate(ws: Float64Array[], run: (x: Float64Array) => void): number {
  for (const x of ws.slice(0, 200)) run(x); // warm-up: JIT and FFT plans
  let done = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 2000) {
    for (const x of ws) run(x);
    done += ws.length;
  }
  return done / ((performance.now() - t0) / 1000);
}

function tsfresh(ws: Float64Array[]): { seconds: number; columns: string[]; values: number[][] } {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-'));
  try {
    const file = join(dir, 'windows.f64');
    const flat = new Float64Array(ws.length * LENGTH);
    ws.forEach((x, i) => flat.set(x, i * LENGTH));
    writeFileSync(file, new Uint8Array(flat.buffer));
    const script = new URL('../packages/signal/test/fixtures/tsfresh_bench.py', import.meta.url).pathname;
    const res = spawnSync(process.env.PYTHON ?? 'python3', [script, file, String(ws.length), String(LENGTH)], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    if (res.error || res.status !== 0) throw new Error(`tsfresh run failed: ${res.error?.message ?? res.stderr}`);
    return JSON.parse(res.stdout) as { seconds: number; columns: string[]; values: number[][] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ws = windows();
const scratch = new Float64Array(SUBSET);
const ref = tsfresh(ws);
if (ref.columns.join() !== SUBSET_COLUMNS.join()) throw new Error(`tsfresh columns differ: ${ref.columns.join()}`);
// identical definitions except skewness/kurtosis (tsfresh uses pandas' bias-corrected estimators, ours scipy's biased)
let maxRel = 0;
ws.forEach((x, i) => {
  subset(x, scratch);
  ref.columns.forEach((name, j) => {
    if (/skewness|kurtosis/.test(name)) return;
    const e = ref.values[i]![j]!;
    maxRel = Math.max(maxRel, Math.abs(scratch[j]! - e) / Math.max(Math.abs(e), 1e-12));
  });
});
const subsetWps = rate(ws, (x) => subset(x, scratch));
const opts: ExtractOptions = {
  fs: FS,
  rpm: 1797,
  bearing: CWRU_DRIVE_END_BEARING,
  bands: [
    [0, 1000],
    [1000, 3000],
    [3000, 6000],
  ],
};
const fullCount = featureNames(LENGTH, opts).length;
const row = new Float64Array(fullCount);
const fullWps = rate(ws, (x) => void extractFeaturesInto(x, opts, row));
const tsfreshWps = ws.length / ref.seconds;

console.log(`windows: ${ws.length} × ${LENGTH} samples (CWRU 12 kHz, hop ${HOP}); one core`);
console.log(`tsfresh subset (${SUBSET} features): max relative difference vs ours ${maxRel.toExponential(2)} (skew/kurtosis excluded)`);
console.log(`  tsfresh : ${tsfreshWps.toFixed(0)} windows/s, ${(tsfreshWps * SUBSET).toFixed(0)} features/s (${ref.seconds.toFixed(2)} s)`);
console.log(
  `  ours    : ${subsetWps.toFixed(0)} windows/s, ${(subsetWps * SUBSET).toFixed(0)} features/s, ${(subsetWps / tsfreshWps).toFixed(0)}× tsfresh`,
);
console.log(`full extractor (${fullCount} features): ${fullWps.toFixed(0)} windows/s, ${(fullWps * fullCount).toFixed(0)} features/s`);
// features_per_s and ratio_vs_tsfresh are like for like: the 22 features both sides compute, same windows.
console.log(
  JSON.stringify({
    features_per_s: Math.round(subsetWps * SUBSET),
    ratio_vs_tsfresh: Math.round((subsetWps / tsfreshWps) * 10) / 10,
    windows_per_s: Math.round(subsetWps),
    tsfresh_features_per_s: Math.round(tsfreshWps * SUBSET),
    full_extractor_features: fullCount,
    full_extractor_windows_per_s: Math.round(fullWps),
    full_extractor_features_per_s: Math.round(fullWps * fullCount),
    window_length: LENGTH,
  }),
);
