import { bad } from '../detectors/state';
import type { NnBackendName } from '../nn/backend';
import type { ResolvedSequenceRulOptions } from './seq-options';
import type { SequenceEpoch } from './seq-train';

/** How the kept weights were obtained (kept in the state for the model registry). */
export interface SequenceTraining {
  readonly backend: NnBackendName;
  readonly epochs: SequenceEpoch[];
  /** 1-based epoch whose weights were kept: the best validation epoch under `patience`, else the last run. */
  readonly bestEpoch: number;
  readonly seconds: number;
}

/** The `training` field of a state, copied, or ML_BAD_STATE. */
export function readSequenceTraining(t: unknown): SequenceTraining {
  const o = t as Partial<SequenceTraining> | null;
  const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
  const epochOk = (e: SequenceEpoch): boolean =>
    typeof e === 'object' &&
    e !== null &&
    Number.isInteger(e.epoch) &&
    finite(e.trainRmse) &&
    (e.validationRmse === null || finite(e.validationRmse));
  if (
    typeof o !== 'object' ||
    o === null ||
    (o.backend !== 'wasm' && o.backend !== 'cpu') ||
    !Array.isArray(o.epochs) ||
    !o.epochs.every(epochOk) ||
    !Number.isInteger(o.bestEpoch) ||
    !finite(o.seconds)
  ) {
    throw bad('sequence-rul.training is not { backend, epochs, bestEpoch, seconds }');
  }
  return { backend: o.backend, epochs: o.epochs.map((e) => ({ ...e })), bestEpoch: o.bestEpoch!, seconds: o.seconds! };
}

/** Serialized model: resolved options, input shape, float32 weights (little-endian, base64) in `weightSpecs` order. */
export interface SequenceRulState {
  readonly kind: 'sequence-rul';
  readonly version: 1;
  readonly options: ResolvedSequenceRulOptions;
  readonly window: number;
  readonly features: number;
  readonly weights: string[];
  readonly training: SequenceTraining;
  readonly [field: string]: unknown;
}
