/**
 * Sequence-model families of bench/cmapss.bench.ts: a `SequenceRulModel` (GRU or TCN, tfjs-WASM) on the
 * RulPreprocessor's 30-cycle windows of standardised sensors, target min(RUL, 125), early-stopped on the held-out
 * fold's windows. They give point predictions only (no quantile bounds): with CQR intervals they join the NNLS-weighted
 * point ensemble while the intervals come from the families that have bounds. Call `initNnBackend()` (async) before
 * `crossFit` when one of them is chosen (`needsNnBackend`).
 */
import { SequenceRulModel, type SequenceKind, type SequenceRulOptions } from '../../packages/ml/src/index';
import type { RulFamily } from './cmapss-models';

/** Options of each member: the package defaults (64 units, 40 epochs at most) with early stopping on the fold. */
export const SEQUENCE_OPTIONS: Omit<SequenceRulOptions, 'kind' | 'seed'> = { patience: 5, learningRateDecay: 0.95 };

export function sequenceFamily(
  name: string,
  kind: SequenceKind,
  options: Omit<SequenceRulOptions, 'kind' | 'seed'> = SEQUENCE_OPTIONS,
): RulFamily {
  return {
    name,
    needsNnBackend: true,
    fit: (train, validation, { prep, seed }) => {
      const windows = prep.trainingWindows(train);
      const held = prep.trainingWindows(validation);
      const model = new SequenceRulModel({ ...options, kind, seed });
      const report = model.fit(windows, windows.target, { validation: { windows: held, targets: held.target } });
      return {
        note: `${report.epochs.length} epochs, validation RMSE ${Math.min(...report.epochs.map((e) => e.validationRmse ?? Infinity)).toFixed(2)}`,
        predict: (units) => model.predict(prep.lastWindows(units)).map((v) => Math.max(0, v)),
      };
    },
  };
}
