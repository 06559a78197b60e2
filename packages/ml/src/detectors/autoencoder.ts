import { MlError } from '../errors';
import { assertMatrix, type Matrix } from '../linalg/matrix';
import { applyScaler, fitStandardScaler, type ColumnScaler } from '../linalg/scaler';
import { initNnBackend, requireNn, type NnBackendName } from '../nn/backend';
import { base64ToFloat32, float32ToBase64 } from '../nn/base64';
import { weightShapes, type ConvAeArchitecture } from '../nn/conv-ae';
import { trainConvAe } from '../nn/train';
import { windowErrors, type WindowScoring } from '../nn/window-errors';
import type { Detector, DetectorState } from './detector';
import { bad, expectState, readArray, readInt, readNumber } from './state';

export type { WindowScoring } from '../nn/window-errors';

export interface ConvAutoencoderOptions {
  /** Steps per window, a multiple of 4 (two stride-2 layers). Default 32. */
  readonly window?: number;
  /** Convolution width, odd. Default 5 (SKAB's Conv-AE uses 7). */
  readonly kernelSize?: number;
  /** Channels of the first and second (bottleneck) encoder layers. Default [16, 8] (SKAB's Conv-AE: [32, 16]). */
  readonly filters?: readonly [number, number];
  /** Most epochs. Default 30. */
  readonly epochs?: number;
  /** Default 32. */
  readonly batchSize?: number;
  /** Adam step size. Default 3e-3. */
  readonly learningRate?: number;
  /** Last fraction of the windows held out for early stopping, in [0, 0.5]; 0 trains every epoch. Default 0.1. */
  readonly validationSplit?: number;
  /** Default 5. */
  readonly patience?: number;
  /** Training windows drawn per epoch (a seeded subset when the series has more), bounding fit time. Default 1024. */
  readonly windowsPerEpoch?: number;
  /** Seeds the initial weights and the batch order. Default 0. */
  readonly seed?: number;
  /** See `WindowScoring`. Default 'causal'. */
  readonly scoring?: WindowScoring;
}

/** How the kept weights were obtained (not needed to score; kept in the state for the model registry). */
export interface ConvAutoencoderTraining {
  readonly backend: NnBackendName;
  readonly epochsRun: number;
  readonly bestEpoch: number;
  /** Validation MSE of the kept weights (standardised units), null without a validation split. */
  readonly validationLoss: number | null;
}

interface Model {
  readonly arch: ConvAeArchitecture;
  readonly scaler: ColumnScaler;
  readonly weights: Float32Array[];
  readonly scoring: WindowScoring;
  readonly training: ConvAutoencoderTraining;
}

type Resolved = Required<Omit<ConvAutoencoderOptions, 'filters'>> & { filters: readonly [number, number] };

/**
 * Windowed 1-D convolutional autoencoder over a multivariate time series (rows = consecutive time steps, in order):
 * columns standardised on the training rows, trained by `trainConvAe` (TensorFlow.js, WASM backend) to reconstruct
 * every window; the score of a row is the mean squared reconstruction error of the window(s) covering it
 * (`WindowScoring`), `channelErrors` the same per column (contributions). Training needs tfjs: `fitAsync` loads it,
 * `fit` works once `await initNnBackend()` has (else ML_BACKEND_NOT_READY). Scoring runs in plain TypeScript from
 * the stored weights, synchronously, with no tfjs.
 */
export class ConvAutoencoder implements Detector {
  readonly kind = 'conv-autoencoder';
  private readonly o: Resolved;
  private model: Model | undefined;

  constructor(options: ConvAutoencoderOptions = {}) {
    this.o = {
      window: 32,
      kernelSize: 5,
      filters: [16, 8],
      epochs: 30,
      batchSize: 32,
      learningRate: 3e-3,
      validationSplit: 0.1,
      patience: 5,
      windowsPerEpoch: 1024,
      seed: 0,
      scoring: 'causal',
      ...options,
    };
    const {
      window: w,
      kernelSize: k,
      filters,
      epochs,
      batchSize,
      learningRate,
      validationSplit,
      patience,
      windowsPerEpoch,
      seed,
      scoring,
    } = this.o;
    const check = (ok: boolean, what: string): void => {
      if (!ok) throw new MlError('ML_BAD_INPUT', `conv-autoencoder option ${what}`);
    };
    const int = (v: number, min: number): boolean => Number.isInteger(v) && v >= min;
    check(int(w, 4) && w % 4 === 0, `window ${w} is not a multiple of 4 ≥ 4`);
    check(int(k, 1) && k % 2 === 1, `kernelSize ${k} is not an odd integer ≥ 1`);
    check(filters.length === 2 && filters.every((f) => int(f, 1)), `filters ${JSON.stringify(filters)} are not two integers ≥ 1`);
    check(
      [epochs, batchSize, patience, windowsPerEpoch].every((v) => int(v, 1)),
      'epochs, batchSize, patience and windowsPerEpoch must be integers ≥ 1',
    );
    check(Number.isFinite(learningRate) && learningRate > 0, `learningRate ${learningRate} is not > 0`);
    check(validationSplit >= 0 && validationSplit <= 0.5, `validationSplit ${validationSplit} is not in [0, 0.5]`);
    check(Number.isInteger(seed), `seed ${seed} is not an integer`);
    check(scoring === 'causal' || scoring === 'centred', `scoring ${String(scoring)} is not 'causal' or 'centred'`);
  }

  /** Trains synchronously on the backend `initNnBackend` selected; ML_BACKEND_NOT_READY before it has resolved. */
  fit(X: Matrix): void {
    const { tf, backend } = requireNn('ConvAutoencoder.fit');
    assertMatrix(X, 'X');
    const { window: w, kernelSize, filters, scoring, ...train } = this.o;
    const minRows = w + (train.validationSplit > 0 ? 1 : 0);
    if (X.rows < minRows)
      throw new MlError('ML_BAD_INPUT', `X has ${X.rows} rows; the autoencoder needs at least ${minRows} (window ${w})`);
    const scaler = fitStandardScaler(X);
    const arch: ConvAeArchitecture = { window: w, channels: X.cols, kernelSize, filters };
    const result = trainConvAe(tf, arch, Float32Array.from(applyScaler(X, scaler).data), X.rows, train);
    const validationLoss = result.valLoss[result.bestEpoch - 1] ?? null;
    this.model = {
      arch,
      scaler,
      weights: result.weights,
      scoring,
      training: { backend, epochsRun: result.epochsRun, bestEpoch: result.bestEpoch, validationLoss },
    };
  }

  /** Loads TensorFlow.js (WASM, else cpu: `initNnBackend`) and then `fit`s. */
  async fitAsync(X: Matrix): Promise<void> {
    await initNnBackend();
    this.fit(X);
  }

  /** Mean over the channels of `channelErrors`: one score per row, higher = worse reconstructed. */
  score(X: Matrix): Float64Array {
    const E = this.channelErrors(X);
    const out = new Float64Array(E.rows);
    for (let i = 0; i < E.rows; i++) {
      let s = 0;
      for (let j = 0; j < E.cols; j++) s += E.data[i * E.cols + j]!;
      out[i] = s / E.cols;
    }
    return out;
  }

  /** Per-row, per-column mean squared reconstruction error in standardised units (rows × columns of X). */
  channelErrors(X: Matrix): Matrix {
    const m = this.fitted();
    assertMatrix(X, 'X', m.arch.channels);
    return windowErrors(m.arch, m.weights, applyScaler(X, m.scaler), m.scoring);
  }

  get training(): ConvAutoencoderTraining {
    return this.fitted().training;
  }

  serialize(): ConvAutoencoderState {
    const m = this.fitted();
    return {
      kind: 'conv-autoencoder',
      version: 1,
      window: m.arch.window,
      channels: m.arch.channels,
      kernelSize: m.arch.kernelSize,
      filters: [...m.arch.filters],
      scoring: m.scoring,
      scalerMean: Array.from(m.scaler.mean),
      scalerScale: Array.from(m.scaler.scale),
      weights: m.weights.map(float32ToBase64),
      training: { ...m.training },
    };
  }

  static fromState(state: unknown): ConvAutoencoder {
    const s = expectState(state, 'conv-autoencoder', 1);
    const filters = s['filters'];
    if (!Array.isArray(filters) || filters.length !== 2) throw bad('conv-autoencoder.filters is not a pair');
    const scoring = s['scoring'] as WindowScoring;
    const window = readInt(s, 'window', 4);
    const kernelSize = readInt(s, 'kernelSize', 1);
    let detector: ConvAutoencoder;
    try {
      detector = new ConvAutoencoder({ window, kernelSize, filters: filters as [number, number], scoring });
    } catch (error) {
      throw bad(`conv-autoencoder architecture: ${error instanceof Error ? error.message : String(error)}`);
    }
    const arch: ConvAeArchitecture = { window, channels: readInt(s, 'channels', 1), kernelSize, filters: filters as [number, number] };
    const weights = s['weights'];
    const shapes = weightShapes(arch);
    if (!Array.isArray(weights) || weights.length !== shapes.length || !weights.every((w) => typeof w === 'string')) {
      throw bad(`conv-autoencoder.weights is not ${shapes.length} base64 strings`);
    }
    const scale = readArray(s, 'scalerScale', arch.channels);
    if (scale.some((v) => !(v > 0))) throw bad('conv-autoencoder.scalerScale has a value ≤ 0');
    detector.model = {
      arch,
      scaler: { mean: readArray(s, 'scalerMean', arch.channels), scale },
      weights: shapes.map((shape, i) =>
        base64ToFloat32(
          weights[i] as string,
          shape.reduce((a, b) => a * b, 1),
          `conv-autoencoder.weights[${i}]`,
        ),
      ),
      scoring,
      training: readTraining(s),
    };
    return detector;
  }

  private fitted(): Model {
    if (!this.model) throw new MlError('ML_NOT_FITTED', 'the autoencoder is not fitted');
    return this.model;
  }
}

function readTraining(s: DetectorState): ConvAutoencoderTraining {
  const t = s['training'];
  if (typeof t !== 'object' || t === null) throw bad('conv-autoencoder.training is not an object');
  const tr = { kind: s.kind, version: s.version, ...t } as DetectorState;
  const backend = tr['backend'];
  if (backend !== 'wasm' && backend !== 'cpu') throw bad('conv-autoencoder.training.backend is not wasm or cpu');
  return {
    backend,
    epochsRun: readInt(tr, 'epochsRun', 1),
    bestEpoch: readInt(tr, 'bestEpoch', 1),
    validationLoss: tr['validationLoss'] === null ? null : readNumber(tr, 'validationLoss'),
  };
}

/** Serialized autoencoder: architecture, scaler, and the float32 weights (little-endian, base64) in layer order. */
export interface ConvAutoencoderState extends DetectorState {
  readonly kind: 'conv-autoencoder';
  readonly version: 1;
  readonly window: number;
  readonly channels: number;
  readonly kernelSize: number;
  readonly filters: number[];
  readonly scoring: WindowScoring;
  readonly scalerMean: number[];
  readonly scalerScale: number[];
  readonly weights: string[];
  readonly training: ConvAutoencoderTraining;
}
