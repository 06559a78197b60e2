import { parseCmapss, parseCmapssRul, rmse, intervalCoverage, RulPreprocessor, GradientBoostedTrees, ConformalCalibrator, type UnitSeries } from '@vigie/ml';
import { readFileSync } from 'node:fs';
import { fitRulModel } from './src/domain/rul-gbdt-model';
import { RulGbdtPredictor } from './src/domain/rul-gbdt-predictor';
import { windowFeatures } from './src/domain/window-features';
const dir = '/work/shared/datasets/cmapss/';
const train = parseCmapss(readFileSync(dir + 'train_FD001.txt', 'utf8'));
const test = parseCmapss(readFileSync(dir + 'test_FD001.txt', 'utf8'));
const truth = parseCmapssRul(readFileSync(dir + 'RUL_FD001.txt', 'utf8'));
const capped = truth.map((v) => Math.min(125, v));
const seed = Number(process.argv[2] ?? 0);
const { artifact } = fitRulModel('FD001', train, { level: 0.9, window: 30, cap: 125, rounds: 400, learningRate: 0.05, maxDepth: 6, earlyStoppingRounds: 30, stride: 1, seed, members: 5 });
const p = RulGbdtPredictor.fromArtifact(artifact);
const pre = RulPreprocessor.fromState(artifact.preprocessor);
const byId = new Map(train.map((u) => [u.unit, u]));
const trueRul = (units: readonly UnitSeries[], set: { unit: Int32Array; cycle: Float64Array }) => {
  const last = new Map(units.map((u) => [u.unit, u.cycles[u.cycles.length - 1]! + (u.rulAtEnd ?? 0)]));
  return Float64Array.from(set.cycle, (c, i) => last.get(set.unit[i]!)! - c);
};
const pool = artifact.units.train.map((i) => byId.get(i)!);
const cal = artifact.units.calibration.map((i) => byId.get(i)!);
const ps = pre.trainingWindows(pool); const cs = pre.trainingWindows(cal);
const Xp = windowFeatures(ps), Xc = windowFeatures(cs);
const yp = trueRul(pool, ps), yc = trueRul(cal, cs);
const t0 = Date.now();
const [lo, hi] = [0.05, 0.95].map((a, i) => { const q = new GradientBoostedTrees({ nEstimators: 200, learningRate: 0.05, maxDepth: 5, minChildWeight: 20, subsample: 0.8, colsampleByTree: 0.6, objective: 'quantile', quantileAlpha: a, seed: seed + 1 + i }); q.fit(Xp, yp); return q; });
const fitS = (Date.now() - t0) / 1000;
const calib = ConformalCalibrator.calibrate('cqr', { lower: lo!.predict(Xc), upper: hi!.predict(Xc) }, yc, 0.9);
const Xt = windowFeatures(pre.lastWindows(test));
const iv = calib.apply({ lower: lo!.predict(Xt), upper: hi!.predict(Xt) });
const rul = Float64Array.from(p.predict(test), (r) => r.rul);
const L = iv.lower.map((v, i) => Math.max(0, Math.min(v, rul[i]!))), U = iv.upper.map((v, i) => Math.max(v, rul[i]!));
const old = p.predict(test);
const w = (a: Float64Array, b: Float64Array) => (b.reduce((s, v, i) => s + v - a[i]!, 0) / a.length).toFixed(1);
console.log(JSON.stringify({ seed, q: +calib.quantile.toFixed(2), fitS,
  cqr: { cov: intervalCoverage(truth, L, U), cov125: intervalCoverage(capped, L, U), width: w(L, U) },
  normalized: { cov: intervalCoverage(truth, old.map((r) => r.lower), old.map((r) => r.upper)), cov125: intervalCoverage(capped, old.map((r) => r.lower), old.map((r) => r.upper)), width: w(Float64Array.from(old, (r) => r.lower), Float64Array.from(old, (r) => r.upper)) } }));
