import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bagSeed,
  crossFit,
  type CrossFitted,
  CUTS_PER_UNIT,
  FOLDS,
  gbdtFamily,
  predictWithInterval,
  TRAJECTORY_CUTS_PER_UNIT,
} from '../../../bench/support/cmapss-models';
import { sequenceFamily } from '../../../bench/support/cmapss-sequence';
import {
  CmapssBenchError,
  DEFAULT_BAGS,
  DEFAULT_TRAJECTORY,
  DEFAULT_UNCAP,
  loadEvaluation,
  MAX_CUT_RUL,
  parseArgs,
  predictionsCsv,
  truncate,
  VALIDATION_FRACTION,
} from '../../../bench/support/cmapss-protocol';
import { createRng, initNnBackend, laggedPredictions, parseCmapss, RulPreprocessor, unitPrefix } from '../src';
import { normal } from './support/cmapss';

// The pure parts of bench/cmapss.bench.ts on a tiny synthetic C-MAPSS-shaped subset, and one whole run of the bench.
const ROOT = join(import.meta.dirname, '../../..');

/**
 * `count` run-to-failure units in C-MAPSS text (unit cycle op1..3 s1..s21): lives of 40–90 cycles; s2, s3, s4 rise
 * as e^((t − n)/15) towards failure under noise, the other sensors are constant. Seeded.
 */
function syntheticText(count: number, seed: number, cut?: (n: number) => number): { text: string; rul: number[] } {
  const rng = createRng(seed);
  const lines: string[] = [];
  const rul: number[] = [];
  for (let unit = 1; unit <= count; unit++) {
    const life = 40 + rng.int(51);
    const keep = cut ? cut(life) : life;
    rul.push(life - keep);
    for (let t = 1; t <= keep; t++) {
      const wear = Math.exp((t - life) / 15);
      const settings = [0.001 * normal(rng), 0.0001 * normal(rng), 100];
      const sensors = Array.from({ length: 21 }, (_, j) => (j >= 1 && j <= 3 ? 10 * j + 5 * wear + 0.1 * normal(rng) : 500 + j));
      lines.push([unit, t, ...settings, ...sensors].map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(4))).join(' ') + '  ');
    }
  }
  return { text: lines.join('\n') + '\n', rul };
}

const expectCode = (fn: () => unknown, code: string): void => {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CmapssBenchError);
  expect((thrown as CmapssBenchError).code).toBe(code);
};

const dirs: string[] = [];
function subsetDir(withTest: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-cmapss-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'train_FD001.txt'), syntheticText(24, 1).text);
  if (withTest) {
    const test = syntheticText(8, 2, (n) => Math.round(n * 0.6));
    writeFileSync(join(dir, 'test_FD001.txt'), test.text);
    writeFileSync(join(dir, 'RUL_FD001.txt'), test.rul.join('\n') + '\n');
  }
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('bench:cmapss arguments', () => {
  const parse = (...argv: string[]) => parseArgs(argv, ['gbdt'], '/default');

  it('reads the protocol flags, with defaults', () => {
    expect(parse('--', '--subset', 'FD002')).toEqual({
      data: '/default',
      subset: 'FD002',
      seed: 0,
      models: ['gbdt'],
      protocol: 'auto',
      level: 0.9,
      intervals: 'cqr',
      xgboost: false,
      bags: DEFAULT_BAGS,
      uncap: DEFAULT_UNCAP,
      trajectory: DEFAULT_TRAJECTORY,
    });
    expect(DEFAULT_TRAJECTORY).toBe(true);
    expect(parse('--subset', 'FD001', '--trajectory', 'off').trajectory).toBe(false);
    expect(parse('--subset', 'FD001', '--trajectory', 'on').trajectory).toBe(true);
    expect(parse('--subset', 'FD001', '--uncap', 'on').uncap).toBe(true);
    expect(parse('--subset', 'FD001', '--uncap', 'off').uncap).toBe(false);
    const full = parse(
      '--data',
      '/d',
      '--subset',
      'FD004',
      '--seed',
      '3',
      '--predictions',
      '/p.csv',
      '--protocol',
      'validation',
      '--xgboost',
      '--bags',
      '3',
    );
    expect(full).toMatchObject({ data: '/d', seed: 3, predictions: '/p.csv', protocol: 'validation', xgboost: true, bags: 3 });
  });

  it('refuses a missing or unknown subset, an unknown flag or model, a bad seed, level, protocol or bag count', () => {
    const bad = 'CMAPSS_BENCH_BAD_ARGS';
    expectCode(() => parse('--data', '/d'), bad);
    expectCode(() => parse('--subset', 'FD005'), bad);
    expectCode(() => parse('--subset', 'FD001', '--sbuset', 'FD002'), bad);
    expectCode(() => parse('--subset'), bad);
    expectCode(() => parse('--subset', 'FD001', '--models', 'gbdt,lstm'), bad);
    expectCode(() => parse('--subset', 'FD001', '--seed', '-1'), bad);
    expectCode(() => parse('--subset', 'FD001', '--seed', '1.5'), bad);
    expectCode(() => parse('--subset', 'FD001', '--level', '1'), bad);
    expectCode(() => parse('--subset', 'FD001', '--protocol', 'test'), bad);
    expectCode(() => parse('--subset', 'FD001', '--intervals', 'absolute'), bad);
    expectCode(() => parse('--subset', 'FD001', '--bags', '0'), bad);
    expectCode(() => parse('--subset', 'FD001', '--bags', '2.5'), bad);
    expectCode(() => parse('--subset', 'FD001', '--uncap', 'yes'), bad);
    expectCode(() => parse('--subset', 'FD001', '--uncap'), bad);
    expectCode(() => parse('--subset', 'FD001', '--trajectory', 'yes'), bad);
  });
});

describe('bench:cmapss protocols', () => {
  it('uses the test and RUL files when present, paired by position', () => {
    const dir = subsetDir(true);
    const e = loadEvaluation(dir, 'FD001', 'auto', 0);
    expect(e.protocol).toBe('test');
    expect(e.train).toHaveLength(24);
    expect(e.test.map((u) => u.unit)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(e.truth)).toEqual(readFileSync(join(dir, 'RUL_FD001.txt'), 'utf8').trim().split('\n').map(Number));
  });

  it('falls back to held-out training units cut at a random cycle, seeded, and says so', () => {
    const dir = subsetDir(false);
    const train = parseCmapss(readFileSync(join(dir, 'train_FD001.txt'), 'utf8'));
    const e = loadEvaluation(dir, 'FD001', 'auto', 5);
    expect(e.protocol).toBe('validation');
    expect(e.note).toMatch(/VALIDATION.*test_FD001\.txt and RUL_FD001\.txt not found/);
    expect(e.test).toHaveLength(Math.round(VALIDATION_FRACTION * 24));
    const heldOut = new Set(e.test.map((u) => u.unit));
    expect(e.train.some((u) => heldOut.has(u.unit))).toBe(false);
    expect(e.train.length + e.test.length).toBe(24);
    e.test.forEach((u, i) => {
      const full = train.find((t) => t.unit === u.unit)!;
      expect(Array.from(u.sensors.data)).toEqual(Array.from(full.sensors.data.subarray(0, u.sensors.data.length)));
      expect(e.truth[i]).toBe(full.cycles.length - u.cycles.length);
      expect(e.truth[i]).toBeGreaterThanOrEqual(1);
    });
    expect(loadEvaluation(dir, 'FD001', 'auto', 5).truth).toEqual(e.truth);
    expect(loadEvaluation(dir, 'FD001', 'auto', 6).truth).not.toEqual(e.truth);
    expect(loadEvaluation(subsetDir(true), 'FD001', 'validation', 5).protocol).toBe('validation');
    expectCode(() => loadEvaluation(dir, 'FD002', 'auto', 0), 'CMAPSS_BENCH_NO_DATA');
  });

  it('cuts a unit to an RUL in [1, min(n − 31, MAX_CUT_RUL)], keeping at least 31 cycles', () => {
    const unit = (n: number) => ({
      unit: 1,
      cycles: Float64Array.from({ length: n }, (_, i) => i + 1),
      settings: { rows: n, cols: 3, data: new Float64Array(n * 3) },
      sensors: { rows: n, cols: 21, data: Float64Array.from({ length: n * 21 }, (_, k) => k) },
    });
    const u400 = unit(400);
    expect(truncate(u400, 0).rul).toBe(1);
    expect(truncate(u400, 0).unit.cycles).toHaveLength(399);
    expect(truncate(u400, 0.999999).rul).toBe(MAX_CUT_RUL);
    expect(Array.from(truncate(u400, 0.5).unit.sensors.data)).toEqual(Array.from(u400.sensors.data.subarray(0, (400 - 101) * 21)));
    const short = unit(50);
    expect(truncate(short, 0.999999).rul).toBe(19);
    expect(truncate(short, 0.999999).unit.cycles).toHaveLength(31);
    expectCode(() => truncate({ ...short, cycles: short.cycles.slice(0, 1) }, 0.5), 'CMAPSS_BENCH_NO_DATA');
  });

  it('writes unit,rul,lower,upper with a header, one line per unit', () => {
    expect(predictionsCsv([3, 7], [12.345, 100], [0, 80.5], [30, 140.25])).toBe(
      'unit,rul,lower,upper\n3,12.35,0.00,30.00\n7,100.00,80.50,140.25\n',
    );
  });
});

describe('bench:cmapss stacked families', () => {
  it('weights families by NNLS on the out-of-fold rows: the stack is no worse there than its best family, a weak one gets little', () => {
    const train = parseCmapss(syntheticText(30, 4).text);
    const prep = RulPreprocessor.fit(train, { cap: 125, window: 30 });
    // A real model and a deliberately weak one (one shallow tree): a plain mean would sit between them.
    const good = gbdtFamily('good', [{ long: 10 }], { nEstimators: 200, learningRate: 0.1, maxDepth: 3, earlyStoppingRounds: 20 });
    const weak = gbdtFamily('weak', [{ long: 10 }], { nEstimators: 1, learningRate: 0.1, maxDepth: 1 });
    const fitted = crossFit(train, [good, weak], { prep, seed: 0, level: 0.9, intervals: 'cqr', log: () => {} });
    const [wGood, wWeak] = fitted.weights;
    const [rGood, rWeak] = fitted.familyOofRmse125;
    expect(rWeak!).toBeGreaterThan(2 * rGood!);
    expect(wGood!).toBeGreaterThan(0.8);
    expect(wWeak!).toBeGreaterThanOrEqual(0);
    expect(wWeak!).toBeLessThan(0.2);
    expect(fitted.oofRmse125).toBeLessThanOrEqual(rGood! + 1e-9);
    expect(fitted.members.map((m) => m.length)).toEqual([5, 5]);
    // The test prediction is the same weighted sum of each family's mean member.
    const units = train.slice(0, 3).map((u) => truncate(u, 0.5).unit);
    const { rul, lower, upper } = predictWithInterval(fitted, units);
    const mean = (family: number): number[] =>
      units.map((_, i) => fitted.members[family]!.reduce((s, m) => s + m.predict(units)[i]!, 0) / fitted.members[family]!.length);
    const [a, b] = [mean(0), mean(1)];
    rul.forEach((v, i) => expect(v).toBeCloseTo(Math.max(0, wGood! * a[i]! + wWeak! * b[i]!), 9));
    rul.forEach((v, i) => expect(lower[i]! <= v && v <= upper[i]!).toBe(true));
  }, 60_000);
});

describe('bench:cmapss bagging over fold splits', () => {
  const train = parseCmapss(syntheticText(20, 6).text);
  const prep = RulPreprocessor.fit(train, { cap: 125, window: 10 });
  const trees = gbdtFamily('gbdt', [{ long: 10 }], { nEstimators: 40, learningRate: 0.1, maxDepth: 3 });
  const fit = (bags: number | undefined, intervals: 'cqr' | 'normalized' = 'cqr') =>
    crossFit(train, [trees], { prep, seed: 2, level: 0.9, intervals, log: () => {}, ...(bags === undefined ? {} : { bags }) });
  const units = train.slice(0, 4).map((u) => truncate(u, 0.4).unit);
  let one: CrossFitted;
  let two: CrossFitted;
  beforeAll(() => {
    one = fit(undefined);
    two = fit(2);
  }, 60_000);

  it('one bag is the single cross-fitting; N bags hold N × FOLDS members, bag 0 unchanged, on the same calibration rows', () => {
    expect(one.bags).toBe(1);
    const explicit = fit(1);
    expect([explicit.oofRmse, explicit.calibrator.quantile]).toEqual([one.oofRmse, one.calibrator.quantile]);
    expect(one.members[0]).toHaveLength(FOLDS);
    expect(two.bags).toBe(2);
    expect(two.members[0]).toHaveLength(2 * FOLDS);
    expect(bagSeed(2, 0)).toBe(2);
    expect(bagSeed(2, 1)).not.toBe(2);
    // Same seeds, same splits: the first bag's members predict exactly as the single cross-fitting's.
    one.members[0]!.forEach((m, i) => expect(Array.from(two.members[0]![i]!.predict(units))).toEqual(Array.from(m.predict(units))));
    // The calibration rows are the same cuts (every unit CUTS_PER_UNIT times, not once per bag)...
    expect(two.calibrationRows).toBe(one.calibrationRows);
    expect(one.calibrationRows).toBe(train.length * CUTS_PER_UNIT);
    // ...with out-of-fold predictions averaged over the bags, hence another out-of-fold RMSE.
    expect(two.oofRmse125).not.toBe(one.oofRmse125);
  }, 60_000);

  it('predicts the mean of all bags’ members; CQR bounds come from bag 0 only, so the intervals are one bag’s', () => {
    const a = predictWithInterval(one, units);
    const b = predictWithInterval(two, units);
    const mean = units.map((_, i) => two.members[0]!.reduce((s, m) => s + m.predict(units)[i]!, 0) / two.members[0]!.length);
    b.rul.forEach((v, i) => expect(v).toBeCloseTo(Math.max(0, mean[i]!), 9));
    expect(Array.from(b.rul)).not.toEqual(Array.from(a.rul));
    expect(two.members[0]!.filter((m) => m.bounds)).toHaveLength(FOLDS);
    expect(two.calibrator.quantile).toBe(one.calibrator.quantile);
    expect(Array.from(b.lower)).toEqual(Array.from(a.lower));
    expect(Array.from(b.upper)).toEqual(Array.from(a.upper));
    // Normalised intervals are calibrated on the bag-averaged predictions: they change with the bags.
    expect(fit(2, 'normalized').calibrator.quantile).not.toBe(fit(1, 'normalized').calibrator.quantile);
  }, 60_000);

  it('refuses a bag count below 1 or fractional, with the bench code', () => {
    expectCode(() => fit(0), 'CMAPSS_BENCH_BAD_ARGS');
    expectCode(() => fit(1.5), 'CMAPSS_BENCH_BAD_ARGS');
  });
});

describe('bench:cmapss second stage (--uncap)', () => {
  // Lives of 40–90 cycles and a cap of 30: most cuts leave more than the cap, so the first stage saturates there.
  const train = parseCmapss(syntheticText(60, 8).text);
  const prep = RulPreprocessor.fit(train, { cap: 30, window: 10 });
  const trees = gbdtFamily('gbdt', [{ long: 10 }], { nEstimators: 40, learningRate: 0.1, maxDepth: 3 });
  const fit = (uncap: boolean, intervals: 'cqr' | 'normalized' = 'cqr') =>
    crossFit(train, [trees], { prep, seed: 4, level: 0.9, intervals, uncap, log: () => {} });
  const units = train.slice(0, 6).map((u, i) => truncate(u, i / 6).unit);
  let plain: CrossFitted;
  let uncapped: CrossFitted;
  beforeAll(() => {
    plain = fit(false);
    uncapped = fit(true);
  }, 60_000);

  it('fits the stage on the calibration rows and applies it to the first stage’s prediction and the cycles observed', () => {
    expect(plain.uncapper).toBeUndefined();
    const stage = uncapped.uncapper!;
    expect(stage).toBeDefined();
    const a = predictWithInterval(plain, units);
    const b = predictWithInterval(uncapped, units);
    // Same first stage (same folds, same seeds); the second stage only post-processes it.
    expect(Array.from(b.stage1)).toEqual(Array.from(a.rul));
    const cycles = Float64Array.from(units, (u) => u.cycles.length);
    expect(Array.from(b.rul)).toEqual(Array.from(stage.predict({ predicted: b.stage1, cycles })));
    for (const v of b.rul) expect(v).toBeGreaterThanOrEqual(0);
    // The first stage never goes much above the cap; the true RUL of these cuts does, and the stage follows it.
    const cs = uncapped.calibrationSet;
    expect(Math.max(...cs.predicted)).toBeLessThan(prep.cap + 5);
    expect(uncapped.oofRmse).toBeLessThan(0.9 * uncapped.stage1OofRmse);
    expect([plain.oofRmse, plain.oofRmse125]).toEqual([plain.stage1OofRmse, plain.stage1OofRmse125]);
  }, 60_000);

  it('leaves CQR intervals unchanged (their scores ignore the point prediction); normalized ones are recalibrated', () => {
    expect(uncapped.calibrator.quantile).toBe(plain.calibrator.quantile);
    const a = predictWithInterval(plain, units);
    const b = predictWithInterval(uncapped, units);
    expect(Array.from(b.lower)).toEqual(Array.from(a.lower));
    expect(Array.from(b.upper)).toEqual(Array.from(a.upper));
    // Normalized: scored on the second stage's out-of-fold predictions (cross-fitted over the units), so q moves.
    expect(fit(true, 'normalized').calibrator.quantile).not.toBe(fit(false, 'normalized').calibrator.quantile);
  }, 60_000);
});

describe('bench:cmapss trajectory stage (--trajectory)', () => {
  const train = parseCmapss(syntheticText(30, 9).text);
  const prep = RulPreprocessor.fit(train, { cap: 125, window: 10 });
  const trees = gbdtFamily('gbdt', [{ long: 10 }], { nEstimators: 40, learningRate: 0.1, maxDepth: 3 });
  const fit = (trajectory: boolean, bags = 1, intervals: 'cqr' | 'normalized' = 'cqr') =>
    crossFit(train, [trees], { prep, seed: 3, level: 0.9, intervals, trajectory, bags, log: () => {} });
  const units = train.slice(0, 5).map((u, i) => truncate(u, (i + 0.5) / 5).unit);
  let plain: CrossFitted;
  let refined: CrossFitted;
  beforeAll(() => {
    plain = fit(false);
    refined = fit(true);
  }, 60_000);

  it('refines each fold’s stack from its lagged predictions, then averages: the first stage is unchanged', () => {
    expect(plain.trajectory).toBeUndefined();
    const stage = refined.trajectory!;
    expect(stage).toBeDefined();
    const a = predictWithInterval(plain, units);
    const b = predictWithInterval(refined, units);
    expect(Array.from(b.stage1)).toEqual(Array.from(a.rul));
    const perFold = refined.members[0]!.map((m) => stage.predict(laggedPredictions(units, (at) => m.predict(at), stage.lags)));
    b.rul.forEach((v, i) => expect(v).toBeCloseTo(perFold.reduce((s, p) => s + p[i]!, 0) / perFold.length, 9));
    expect(Array.from(b.rul)).not.toEqual(Array.from(a.rul));
    for (const v of b.rul) expect(v).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('predicts test units shorter than every window and lag (1–5 cycles; C-MAPSS test units go down to ≈ 19) with finite intervals', () => {
    const short = train.slice(5, 10).map((u, i) => unitPrefix(u, u.cycles.length - (i + 1)));
    expect(short.map((u) => u.cycles.length)).toEqual([1, 2, 3, 4, 5]);
    const got = predictWithInterval(refined, short);
    for (const [i, v] of got.rul.entries()) {
      expect(Number.isFinite(v) && v >= 0).toBe(true);
      expect(Number.isFinite(got.lower[i]!) && Number.isFinite(got.upper[i]!) && got.lower[i]! <= got.upper[i]!).toBe(true);
    }
  }, 60_000);

  it('reports the out-of-fold error of the stage (cross-fitted over the units) beside the first stage’s', () => {
    expect([refined.stage1OofRmse, refined.stage1OofRmse125]).toEqual([plain.oofRmse, plain.oofRmse125]);
    expect(refined.oofRmse125).not.toBe(plain.oofRmse125);
    expect(refined.calibrationRows).toBe(train.length * CUTS_PER_UNIT);
    expect(TRAJECTORY_CUTS_PER_UNIT).toBeGreaterThan(CUTS_PER_UNIT);
  });

  it('leaves CQR intervals unchanged; normalized ones are calibrated on the stage’s predictions', () => {
    const a = predictWithInterval(plain, units);
    const b = predictWithInterval(refined, units);
    expect(refined.calibrator.quantile).toBe(plain.calibrator.quantile);
    expect(Array.from(b.lower)).toEqual(Array.from(a.lower));
    expect(Array.from(b.upper)).toEqual(Array.from(a.upper));
    expect(fit(true, 1, 'normalized').calibrator.quantile).not.toBe(fit(false, 1, 'normalized').calibrator.quantile);
  }, 60_000);

  it('with bags, feeds the stage each fold slot’s members averaged over the bags', () => {
    const bagged = fit(true, 2);
    const stage = bagged.trajectory!;
    const members = bagged.members[0]!;
    const slot = (k: number) => (at: Parameters<(typeof members)[0]['predict']>[0]) => {
      const a = members[k]!.predict(at);
      const b = members[k + FOLDS]!.predict(at);
      return a.map((v, i) => (v + b[i]!) / 2);
    };
    const perSlot = Array.from({ length: FOLDS }, (_, k) => stage.predict(laggedPredictions(units, slot(k), stage.lags)));
    predictWithInterval(bagged, units).rul.forEach((v, i) => expect(v).toBeCloseTo(perSlot.reduce((s, p) => s + p[i]!, 0) / FOLDS, 9));
  }, 60_000);
});

describe('bench:cmapss sequence family', () => {
  it('stacks a small GRU (point predictions only) with the trees, CQR intervals coming from the trees', async () => {
    const train = parseCmapss(syntheticText(20, 5).text);
    const prep = RulPreprocessor.fit(train, { cap: 125, window: 10 });
    const gru = sequenceFamily('gru', 'gru', { units: 4, dense: 4, epochs: 3, windowsPerEpoch: 256, patience: 2 });
    expect(gru.needsNnBackend).toBe(true);
    await initNnBackend();
    const trees = gbdtFamily('gbdt', [{ long: 10 }], { nEstimators: 50, learningRate: 0.1, maxDepth: 3 });
    const fitted = crossFit(train, [trees, gru], { prep, seed: 1, level: 0.9, intervals: 'cqr', log: () => {} });
    expect(fitted.weights).toHaveLength(2);
    for (const w of fitted.weights) expect(w).toBeGreaterThanOrEqual(0);
    expect(fitted.familyOofRmse125.every(Number.isFinite)).toBe(true);
    const units = train.slice(0, 2).map((u) => truncate(u, 0.3).unit);
    const { rul, lower, upper } = predictWithInterval(fitted, units);
    rul.forEach((v, i) => expect(Number.isFinite(v) && lower[i]! <= v && v <= upper[i]!).toBe(true));
    // Alone, the GRU has no bounds: CQR refuses, with the bench's error code.
    expectCode(() => crossFit(train, [gru], { prep, seed: 1, level: 0.9, intervals: 'cqr', log: () => {} }), 'CMAPSS_BENCH_BAD_ARGS');
  }, 120_000);
});

describe('bench:cmapss end to end', () => {
  it('runs the validation fallback on a train-only subset, labels it, and writes the predictions', () => {
    const dir = subsetDir(false);
    const csv = join(dir, 'predictions.csv');
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'bench/cmapss.bench.ts', '--data', dir, '--subset', 'FD001', '--predictions', csv, '--seed', '1'],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/VALIDATION protocol/);
    const result = JSON.parse(lines[lines.length - 1]!);
    expect(result).toMatchObject({
      subset: 'FD001',
      protocol: 'validation',
      units: 7,
      level: 0.9,
      models: ['gbdt'],
      seed: 1,
      trajectory: true,
    });
    for (const k of ['rmse', 'rmse125']) expect(Number.isFinite(result.stage1[k])).toBe(true);
    for (const k of ['rmse', 'score', 'coverage', 'width', 'rmse125', 'train_s']) expect(Number.isFinite(result[k])).toBe(true);
    // Three sensors tracking wear: far better than a constant guess (the RULs here spread over ≈ 10–60 cycles).
    expect(result.rmse).toBeLessThan(15);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('unit,rul,lower,upper');
    expect(rows).toHaveLength(8);
    for (const row of rows.slice(1)) {
      const [, rul, lower, upper] = row.split(',').map(Number);
      expect(lower).toBeLessThanOrEqual(rul!);
      expect(upper).toBeGreaterThanOrEqual(rul!);
    }
  }, 180_000);

  it('exits with the error code on bad arguments', () => {
    let stderr = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'bench/cmapss.bench.ts', '--subset', 'FD009'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      stderr = String((error as { stderr: string }).stderr);
      expect((error as { status: number }).status).toBe(2);
    }
    expect(stderr).toMatch(/^CMAPSS_BENCH_BAD_ARGS: --subset wants FD001..FD004/);
  }, 60_000);
});
