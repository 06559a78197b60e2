import { bad, expectState, readInt } from '../detectors/state';
import { isMlError, MlError } from '../errors';
import { initNnBackend, requireNn } from '../nn/backend';
import { base64ToFloat32, float32ToBase64 } from '../nn/base64';
import { weightSize, weightSpecs, type SequenceArchitecture } from './seq-arch';
import { sequenceForward } from './seq-graph';
import { assertSequenceTargets, assertSequenceWindows } from './seq-input';
import { readSequenceTraining, type SequenceRulState, type SequenceTraining } from './seq-state';
import { resolveSequenceRulOptions, type ResolvedSequenceRulOptions, type SequenceRulOptions } from './seq-options';
import { trainSequence, type SequenceEpoch, type SequenceWindows } from './seq-train';

export type { SequenceEpoch, SequenceWindows } from './seq-train';
export type { SequenceRulState, SequenceTraining } from './seq-state';

/** Extras of one `fit`: a validation set (needed by `patience`) and a per-epoch hook (progress; 'stop' cancels). */
export interface SequenceFitOptions {
  readonly validation?: { readonly windows: SequenceWindows; readonly targets: Float64Array };
  /** Called after every epoch; returning 'stop' ends training there (the weights kept follow the usual rule). */
  readonly onEpoch?: (epoch: SequenceEpoch) => 'stop' | void;
}

interface Model {
  readonly arch: SequenceArchitecture;
  readonly weights: Float32Array[];
  readonly training: SequenceTraining;
}

/**
 * Remaining useful life from a window of preprocessed cycles (`RulPreprocessor.trainingWindows` / `lastWindows`):
 * an LSTM, GRU or TCN (`SequenceArchitecture`) trained with MSE and Adam on TensorFlow.js, seeded (same seed, same
 * backend → same weights). `fit`/`predict` need tfjs: `fitAsync` loads it, the synchronous methods work once
 * `await initNnBackend()` has (else ML_BACKEND_NOT_READY). The state holds the float32 weights as base64.
 */
export class SequenceRulModel {
  readonly options: ResolvedSequenceRulOptions;
  private model: Model | undefined;

  constructor(options: SequenceRulOptions) {
    this.options = resolveSequenceRulOptions(options);
  }

  get kind(): SequenceRulOptions['kind'] {
    return this.options.kind;
  }

  /** Trains on `windows` with one target each (e.g. `WindowSet.target`); returns the epochs run. */
  fit(windows: SequenceWindows, targets: Float64Array, extra: SequenceFitOptions = {}): SequenceTraining {
    const { tf, backend } = requireNn('SequenceRulModel.fit');
    assertSequenceWindows(windows, 'windows');
    assertSequenceTargets(targets, 'targets', windows.count);
    const v = extra.validation;
    if (v) {
      assertSequenceWindows(v.windows, 'validation.windows', windows);
      assertSequenceTargets(v.targets, 'validation.targets', v.windows.count);
    } else if (this.options.patience !== null) {
      throw new MlError('ML_BAD_INPUT', 'patience (early stopping) needs a validation set');
    }
    const { kind, units, layers, kernelSize, dense, ...train } = this.options;
    const arch: SequenceArchitecture = { kind, window: windows.length, features: windows.features, units, layers, kernelSize, dense };
    const started = performance.now();
    const result = trainSequence(tf, arch, windows, targets, { ...train, validation: v, onEpoch: extra.onEpoch });
    const training = { backend, epochs: result.epochs, bestEpoch: result.bestEpoch, seconds: (performance.now() - started) / 1000 };
    this.model = { arch, weights: result.weights, training };
    return training;
  }

  /** Loads TensorFlow.js (`initNnBackend`: WASM, else cpu) and then `fit`s. */
  async fitAsync(windows: SequenceWindows, targets: Float64Array, extra: SequenceFitOptions = {}): Promise<SequenceTraining> {
    await initNnBackend();
    return this.fit(windows, targets, extra);
  }

  /** One RUL per window (cycles, the training targets' units). */
  predict(windows: SequenceWindows): Float64Array {
    const m = this.fitted();
    const { tf } = requireNn('SequenceRulModel.predict');
    assertSequenceWindows(windows, 'windows', { length: m.arch.window, features: m.arch.features });
    const size = m.arch.window * m.arch.features;
    const out = new Float64Array(windows.count);
    const specs = weightSpecs(m.arch);
    const weights = m.weights.map((w, i) => tf.tensor(w, [...specs[i]!.shape]));
    try {
      for (let b = 0; b < windows.count; b += 1024) {
        const n = Math.min(1024, windows.count - b);
        const p: Float32Array = tf.tidy(() => {
          const x = tf.tensor3d(windows.data.subarray(b * size, (b + n) * size), [n, m.arch.window, m.arch.features]);
          return sequenceForward(tf, m.arch, weights, x).dataSync() as Float32Array;
        });
        for (let i = 0; i < n; i++) out[b + i] = p[i]! * this.options.targetScale;
      }
    } finally {
      for (const w of weights) w.dispose();
    }
    return out;
  }

  /** Loads TensorFlow.js and then `predict`s. */
  async predictAsync(windows: SequenceWindows): Promise<Float64Array> {
    await initNnBackend();
    return this.predict(windows);
  }

  get training(): SequenceTraining {
    return this.fitted().training;
  }

  /** The window length and feature count the model was fitted on. */
  get inputShape(): { window: number; features: number } {
    const { window, features } = this.fitted().arch;
    return { window, features };
  }

  serialize(): SequenceRulState {
    const m = this.fitted();
    return {
      kind: 'sequence-rul',
      version: 1,
      options: { ...this.options },
      window: m.arch.window,
      features: m.arch.features,
      weights: m.weights.map(float32ToBase64),
      training: { ...m.training, epochs: m.training.epochs.map((e) => ({ ...e })) },
    };
  }

  /** The fitted model a `serialize()` state describes (no tfjs needed); anything malformed fails with ML_BAD_STATE. */
  static fromState(state: unknown): SequenceRulModel {
    const s = expectState(state, 'sequence-rul', 1);
    const raw = s['options'];
    if (typeof raw !== 'object' || raw === null) throw bad('sequence-rul.options is not an object');
    let model: SequenceRulModel;
    try {
      const { patience, ...rest } = raw as SequenceRulOptions & { patience?: number | null };
      model = new SequenceRulModel({ ...rest, ...(patience === null ? {} : { patience }) } as SequenceRulOptions);
    } catch (error) {
      throw isMlError(error, 'ML_BAD_INPUT') ? bad(`sequence-rul.options: ${error.message}`) : error;
    }
    const { kind, units, layers, kernelSize, dense } = model.options;
    const arch: SequenceArchitecture = {
      kind,
      window: readInt(s, 'window', 1),
      features: readInt(s, 'features', 1),
      units,
      layers,
      kernelSize,
      dense,
    };
    const specs = weightSpecs(arch);
    const weights = s['weights'];
    if (!Array.isArray(weights) || weights.length !== specs.length || !weights.every((w) => typeof w === 'string')) {
      throw bad(`sequence-rul.weights is not ${specs.length} base64 strings`);
    }
    model.model = {
      arch,
      weights: specs.map((spec, i) => base64ToFloat32(weights[i] as string, weightSize(spec), `sequence-rul.weights[${i}] (${spec.name})`)),
      training: readSequenceTraining(s['training']),
    };
    return model;
  }

  private fitted(): Model {
    if (!this.model) throw new MlError('ML_NOT_FITTED', 'the sequence RUL model is not fitted');
    return this.model;
  }
}
