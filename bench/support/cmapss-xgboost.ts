/**
 * `--xgboost` of bench/cmapss.bench.ts: our GradientBoostedTrees and xgboost's hist trees (PyPI xgboost, through
 * packages/ml/test/fixtures/xgboost_regressor.py, one thread) trained on the very same float64 matrices — the bench's
 * window features of every cycle of all training units, target min(RUL, 125) — with the same hyper-parameters, no
 * subsampling and no early stopping, then scored on the same evaluation units' last cycles. Issue 6 asks our RMSE to
 * stay within 5% of xgboost's in the same run. Python is a test tool here: without it the comparison fails, the
 * bench does not depend on it otherwise.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPythonScript } from '@vigie/service-kit-testing';
import {
  GradientBoostedTrees,
  rmse,
  type GbdtOptions,
  type Matrix,
  type RulPreprocessor,
  type UnitSeries,
  historyFeatures,
} from '../../packages/ml/src/index';

/** The point model's options without sampling or early stopping, at a fixed round count near the early-stopped ones. */
export const COMPARISON_OPTIONS: GbdtOptions = {
  nEstimators: 600,
  learningRate: 0.05,
  maxDepth: 6,
  minChildWeight: 10,
  lambda: 5,
  maxBin: 256,
};

const SCRIPT = join(import.meta.dirname, '../../packages/ml/test/fixtures/xgboost_regressor.py');

export interface XgboostComparison {
  readonly version: string;
  /** RMSE against the true RUL: ours, xgboost's, and ours / xgboost's. */
  readonly ours: number;
  readonly xgboost: number;
  readonly ratio: number;
  /** The same against the true RUL capped at 125 (xgboost's from its predictions). */
  readonly ours125: number;
  readonly xgboost125: number;
  readonly oursSeconds: number;
  readonly xgboostSeconds: number;
}

interface Reference {
  versions: Record<string, string>;
  results: Record<string, { rmse: number; predictions: number[]; fit_seconds: number }>;
}

export function compareWithXgboost(
  prep: RulPreprocessor,
  train: readonly UnitSeries[],
  test: readonly UnitSeries[],
  truth: Float64Array,
): XgboostComparison {
  const prepared = prep.transform(train, true);
  const X = historyFeatures(prepared, 'all');
  const y = Float64Array.from(prepared.flatMap((u) => Array.from(u.target!)));
  const Xt = historyFeatures(prep.transform(test), 'last');
  const model = new GradientBoostedTrees(COMPARISON_OPTIONS);
  const started = performance.now();
  model.fit(X, y);
  const oursSeconds = (performance.now() - started) / 1000;
  const predicted = model.predict(Xt);
  const capped = truth.map((v) => Math.min(v, 125));
  const ours = rmse(predicted, truth);
  const dir = mkdtempSync(join(tmpdir(), 'vigie-cmapss-xgb-'));
  try {
    const request = {
      dir,
      cases: [
        { id: 'cmapss', train: write(dir, 'train', X, y), test: write(dir, 'test', Xt, truth), params: xgboostParams(COMPARISON_OPTIONS) },
      ],
    };
    const reference = runPythonScript<Reference>(SCRIPT, request);
    const r = reference.results['cmapss']!;
    return {
      version: reference.versions['xgboost'] ?? '?',
      ours,
      xgboost: r.rmse,
      ratio: ours / r.rmse,
      ours125: rmse(predicted, capped),
      xgboost125: rmse(r.predictions, capped),
      oursSeconds,
      xgboostSeconds: r.fit_seconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function write(dir: string, name: string, X: Matrix, y: Float64Array): { x: string; y: string; rows: number; cols: number } {
  writeFileSync(join(dir, `${name}.x.f64`), new Uint8Array(X.data.buffer, X.data.byteOffset, X.data.byteLength));
  writeFileSync(join(dir, `${name}.y.f64`), new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
  return { x: `${name}.x.f64`, y: `${name}.y.f64`, rows: X.rows, cols: X.cols };
}

function xgboostParams(o: GbdtOptions): Record<string, number | string> {
  return {
    n_estimators: o.nEstimators!,
    learning_rate: o.learningRate!,
    max_depth: o.maxDepth!,
    reg_lambda: o.lambda!,
    gamma: 0,
    min_child_weight: o.minChildWeight!,
    max_bin: o.maxBin!,
    objective: 'reg:squarederror',
  };
}
