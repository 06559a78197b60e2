import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, GradientBoostedTrees, type GbdtOptions, type Matrix } from '../src';
import { lastCycleRows, readCmapss, readRul, splitUnits, trainingRows } from './support/cmapss-features';
import { runPythonFixture } from './support/python';

// GradientBoostedTrees vs xgboost's hist trees (PyPI xgboost-cpu, pinned in infra/python/requirements-test.txt),
// trained on the very same NASA C-MAPSS FD001 matrices with the same hyper-parameters and no subsampling.
// Criterion (issue 6): our test RMSE ≤ 1.05 × xgboost's, on every case.
const TOLERANCE = 1.05;

interface Data {
  X: Matrix;
  y: Float64Array;
}
interface Case {
  id: string;
  train: Data;
  test: Data;
  options: GbdtOptions;
}
interface Reference {
  versions: Record<string, string>;
  results: Record<string, { rmse: number; predictions: number[]; fit_seconds: number }>;
}

const rmse = (p: Float64Array, y: Float64Array): number => Math.sqrt(p.reduce((a, v, i) => a + (v - y[i]!) ** 2, 0) / p.length);

/** xgboost's names for our options. */
function xgboostParams(o: GbdtOptions): Record<string, number | string> {
  return {
    n_estimators: o.nEstimators!,
    learning_rate: o.learningRate!,
    max_depth: o.maxDepth!,
    reg_lambda: o.lambda ?? 1,
    gamma: o.gamma ?? 0,
    min_child_weight: o.minChildWeight ?? 1,
    max_bin: o.maxBin ?? 256,
    objective: 'reg:squarederror',
  };
}

/** A copy of X with a seeded `fraction` of its values replaced by NaN (missing). */
function withMissing(X: Matrix, fraction: number, seed: number): Matrix {
  const rng = createRng(seed);
  return { ...X, data: X.data.map((v) => (rng.next() < fraction ? NaN : v)) };
}

function cases(): Case[] {
  const units = readCmapss('train_FD001.txt');
  const [trainUnits, testUnits] = splitUnits(units, 20, 7);
  const train = trainingRows(trainUnits);
  const test = trainingRows(testUnits);
  const base: GbdtOptions = { nEstimators: 300, learningRate: 0.05, maxDepth: 6, lambda: 1, maxBin: 256 };
  const all = trainingRows(units);
  const official = { X: lastCycleRows(readCmapss('test_FD001.txt')), y: Float64Array.from(readRul('RUL_FD001.txt')) };
  return [
    { id: 'fd001-units-depth6', train, test, options: base },
    {
      id: 'fd001-units-regularised',
      train,
      test,
      options: { nEstimators: 300, learningRate: 0.1, maxDepth: 4, lambda: 5, gamma: 10, minChildWeight: 20, maxBin: 64 },
    },
    {
      id: 'fd001-units-5%-missing',
      train: { X: withMissing(train.X, 0.05, 1), y: train.y },
      test: { X: withMissing(test.X, 0.05, 2), y: test.y },
      options: base,
    },
    { id: 'fd001-official-test', train: all, test: official, options: base },
  ];
}

function writeMatrix(dir: string, name: string, d: Data): { x: string; y: string; rows: number; cols: number } {
  writeFileSync(join(dir, `${name}.x.f64`), new Uint8Array(d.X.data.buffer, d.X.data.byteOffset, d.X.data.byteLength));
  writeFileSync(join(dir, `${name}.y.f64`), new Uint8Array(d.y.buffer, d.y.byteOffset, d.y.byteLength));
  return { x: `${name}.x.f64`, y: `${name}.y.f64`, rows: d.X.rows, cols: d.X.cols };
}

describe('GradientBoostedTrees within 5% of xgboost on C-MAPSS FD001 window features', () => {
  const all = cases();
  const dir = mkdtempSync(join(tmpdir(), 'vigie-gbdt-'));
  const summary: string[] = [];
  let reference: Reference;

  beforeAll(() => {
    const request = {
      dir,
      cases: all.map((c) => ({
        id: c.id,
        train: writeMatrix(dir, `${c.id}-train`, c.train),
        test: writeMatrix(dir, `${c.id}-test`, c.test),
        params: xgboostParams(c.options),
      })),
    };
    reference = runPythonFixture<Reference>('xgboost_regressor.py', request);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    console.info(`xgboost ${reference?.versions['xgboost']}\n${summary.join('\n')}`);
  });

  it.each(all.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const ref = reference.results[c.id]!;
    const model = new GradientBoostedTrees(c.options);
    const start = performance.now();
    model.fit(c.train.X, c.train.y);
    const seconds = (performance.now() - start) / 1000;
    const ours = rmse(model.predict(c.test.X), c.test.y);
    summary.push(
      `${c.id.padEnd(26)} train ${c.train.X.rows}×${c.train.X.cols} test ${c.test.X.rows}: RMSE ours ${ours.toFixed(3)} ` +
        `xgboost ${ref.rmse.toFixed(3)} (ratio ${(ours / ref.rmse).toFixed(4)}); fit ${seconds.toFixed(1)} s vs ${ref.fit_seconds.toFixed(1)} s`,
    );
    expect(ref.predictions).toHaveLength(c.test.X.rows);
    expect(ours).toBeLessThanOrEqual(TOLERANCE * ref.rmse);
  });

  it('scores the official FD001 test set with early stopping on held-out units', () => {
    const units = readCmapss('train_FD001.txt');
    const [fitUnits, validUnits] = splitUnits(units, 20, 11);
    const model = new GradientBoostedTrees({
      nEstimators: 2000,
      learningRate: 0.02,
      maxDepth: 5,
      minChildWeight: 5,
      earlyStoppingRounds: 50,
    });
    const report = model.fit(trainingRows(fitUnits).X, trainingRows(fitUnits).y, { validation: trainingRows(validUnits) });
    const truth = Float64Array.from(readRul('RUL_FD001.txt'));
    const pred = model.predict(lastCycleRows(readCmapss('test_FD001.txt')));
    const raw = rmse(pred, truth);
    const capped = rmse(
      pred,
      truth.map((v) => Math.min(v, 125)),
    );
    summary.push(
      `fd001-official early-stopped: ${model.treeCount} trees (validation RMSE ${report.validationLoss[report.bestIteration]!.toFixed(3)}); ` +
        `test RMSE ${raw.toFixed(3)} vs true RUL, ${capped.toFixed(3)} vs RUL capped at 125`,
    );
    expect(model.treeCount).toBeLessThan(2000);
    // Short of the state of the art (10.61) with these simple features, but below the 2017 LSTM baseline (16.14);
    // a constant prediction scores ~41.
    expect(raw).toBeLessThan(16.14);
  });
});
