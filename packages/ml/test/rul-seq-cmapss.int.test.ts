import { expect, it } from 'vitest';
import { initNnBackend, rmse, RulPreprocessor, SequenceRulModel } from '../src';
import { cmapssRul, cmapssUnits } from './support/cmapss';

// A short GRU training on the real FD001 files (the full-budget figures of every kind are in the README, from the
// bench): checks that windows, targets and test protocol fit together, not the model's best accuracy.
it('a 6-epoch GRU on train_FD001 predicts the test units’ RUL far better than their mean', async () => {
  const train = cmapssUnits('train_FD001.txt');
  const prep = RulPreprocessor.fit(train, { window: 30, cap: 125 });
  const windows = prep.trainingWindows(train);
  const truth = cmapssRul('FD001');
  const test = prep.lastWindows(cmapssUnits('test_FD001.txt'), truth);
  await initNnBackend();
  const model = new SequenceRulModel({ kind: 'gru', units: 32, epochs: 6, learningRate: 5e-3, seed: 0 });
  model.fit(windows, windows.target);
  const predicted = model.predict(test);
  const capped = truth.map((v) => Math.min(v, 125));
  const mean = capped.reduce((a, b) => a + b, 0) / capped.length;
  const meanRmse = rmse(new Float64Array(capped.length).fill(mean), capped);
  // Measured (WASM): RMSE 18.98 against the capped truth, 20.18 against the true RUL; the test units’ own mean 40.07.
  expect(rmse(predicted, capped)).toBeLessThan(22);
  expect(rmse(predicted, capped)).toBeLessThan(0.6 * meanRmse);
  expect(rmse(predicted, truth)).toBeLessThan(24);
}, 120_000);
