import { MlError } from '../errors';
import type { SequenceKind } from './seq-arch';

/** Hyper-parameters of `SequenceRulModel`; every one has a per-kind default chosen on C-MAPSS FD001 (README). */
export interface SequenceRulOptions {
  readonly kind: SequenceKind;
  /** Hidden units (recurrent) or filters (TCN). Default 64 (LSTM, GRU), 32 (TCN). */
  readonly units?: number;
  /** Stacked recurrent layers or TCN residual blocks (dilations 1, 2, 4, …). Default 1 (LSTM, GRU), 3 (TCN). */
  readonly layers?: number;
  /** TCN convolution width, ≥ 2. Default 3 (with 3 blocks: a receptive field of 29 steps). */
  readonly kernelSize?: number;
  /** Width of the ReLU layer of the head. Default 16. */
  readonly dense?: number;
  /** Most epochs. Default 40. */
  readonly epochs?: number;
  /** Default 256. */
  readonly batchSize?: number;
  /** Adam step size. Default 2e-3. */
  readonly learningRate?: number;
  /** Factor applied to the step size after every epoch, in (0, 1]. Default 1 (constant). */
  readonly learningRateDecay?: number;
  /** Training windows drawn per epoch (a seeded subset when there are more). Default 4096. */
  readonly windowsPerEpoch?: number;
  /** Stop when the validation RMSE has not improved for this many epochs (needs a validation set). Default: never. */
  readonly patience?: number;
  /** Targets are divided by this while training (so the output is O(1)). Default 125, the usual RUL cap. */
  readonly targetScale?: number;
  /** Seeds the initial weights and the epochs' draws. Default 0. */
  readonly seed?: number;
}

export type ResolvedSequenceRulOptions = {
  readonly [K in Exclude<keyof SequenceRulOptions, 'patience'>]-?: NonNullable<SequenceRulOptions[K]>;
} & {
  readonly patience: number | null;
};

/** The options with their defaults, every value checked; anything out of range fails with ML_BAD_INPUT. */
export function resolveSequenceRulOptions(options: SequenceRulOptions): ResolvedSequenceRulOptions {
  const kind = options?.kind;
  if (kind !== 'lstm' && kind !== 'gru' && kind !== 'tcn') {
    throw new MlError('ML_BAD_INPUT', `sequence model kind ${JSON.stringify(kind)} is not 'lstm', 'gru' or 'tcn'`);
  }
  const tcn = kind === 'tcn';
  const o = {
    kind,
    units: options.units ?? (tcn ? 32 : 64),
    layers: options.layers ?? (tcn ? 3 : 1),
    kernelSize: options.kernelSize ?? 3,
    dense: options.dense ?? 16,
    epochs: options.epochs ?? 40,
    batchSize: options.batchSize ?? 256,
    learningRate: options.learningRate ?? 2e-3,
    learningRateDecay: options.learningRateDecay ?? 1,
    windowsPerEpoch: options.windowsPerEpoch ?? 4096,
    patience: options.patience ?? null,
    targetScale: options.targetScale ?? 125,
    seed: options.seed ?? 0,
  };
  integer('units', o.units, 1, 4096);
  integer('layers', o.layers, 1, 16);
  integer('kernelSize', o.kernelSize, 2, 64);
  integer('dense', o.dense, 1, 4096);
  integer('epochs', o.epochs, 1, 1e6);
  integer('batchSize', o.batchSize, 1, 1e6);
  integer('windowsPerEpoch', o.windowsPerEpoch, 1, 1e9);
  integer('seed', o.seed, -(2 ** 31), 2 ** 32);
  if (o.patience !== null) integer('patience', o.patience, 1, 1e6);
  positive('learningRate', o.learningRate);
  positive('targetScale', o.targetScale);
  if (!(o.learningRateDecay > 0 && o.learningRateDecay <= 1))
    throw new MlError('ML_BAD_INPUT', `learningRateDecay ${o.learningRateDecay} is not in (0, 1]`);
  return o;
}

function integer(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) throw new MlError('ML_BAD_INPUT', `${name} ${v} is not an integer in [${min}, ${max}]`);
}

function positive(name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0))
    throw new MlError('ML_BAD_INPUT', `${name} ${v} is not a finite number > 0`);
}
