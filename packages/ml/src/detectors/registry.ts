import { MlError } from '../errors';
import { ConvAutoencoder } from './autoencoder';
import type { Detector } from './detector';
import { Ecod } from './ecod';
import { IsolationForest } from './iforest';
import { Mset } from './mset';
import { OneClassSvm } from './ocsvm';
import { Pca } from './pca';

/** Reads a state back into a fitted detector; each checks its own fields and fails with ML_BAD_STATE. */
type Deserializer = (state: unknown) => Detector;

/** One line per detector kind. */
const DESERIALIZERS: Readonly<Record<string, Deserializer>> = {
  ecod: (s) => Ecod.fromState(s),
  pca: (s) => Pca.fromState(s),
  iforest: (s) => IsolationForest.fromState(s),
  ocsvm: (s) => OneClassSvm.fromState(s),
  mset: (s) => Mset.fromState(s),
  'conv-autoencoder': (s) => ConvAutoencoder.fromState(s),
};

/** The detector a `serialize()` state describes, fitted as it was. Unknown kinds fail with ML_BAD_STATE. */
export function deserializeDetector(state: unknown): Detector {
  const kind = typeof state === 'object' && state !== null ? (state as { kind?: unknown }).kind : undefined;
  const read = typeof kind === 'string' && Object.hasOwn(DESERIALIZERS, kind) ? DESERIALIZERS[kind] : undefined;
  if (!read) throw new MlError('ML_BAD_STATE', `unknown detector kind ${JSON.stringify(kind)}`);
  return read(state);
}
