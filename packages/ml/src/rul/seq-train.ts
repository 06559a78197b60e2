import type { Scalar, Tensor1D, Variable } from '@tensorflow/tfjs';
import type { Tf } from '../nn/backend';
import { createRng, shuffleInPlace } from '../random';
import { initialSequenceWeights, weightSpecs, type SequenceArchitecture } from './seq-arch';
import { sequenceForward } from './seq-graph';

/** Windows laid out [window][step][feature], as `WindowSet.data` (only these four fields are read). */
export interface SequenceWindows {
  readonly count: number;
  readonly length: number;
  readonly features: number;
  readonly data: Float32Array;
}

/** One epoch: its 1-based number and the RMSEs in target units (validation null without a validation set). */
export interface SequenceEpoch {
  readonly epoch: number;
  readonly trainRmse: number;
  readonly validationRmse: number | null;
}

export interface SequenceTrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Epoch e (1-based) steps at learningRate · learningRateDecay^(e − 1). */
  readonly learningRateDecay: number;
  /** Training windows drawn (seeded, without replacement) per epoch; bounds an epoch's time. */
  readonly windowsPerEpoch: number;
  /** Epochs without a lower validation RMSE before stopping (best epoch's weights kept); null: never stop early. */
  readonly patience: number | null;
  readonly seed: number;
  readonly targetScale: number;
  readonly validation?: { readonly windows: SequenceWindows; readonly targets: Float64Array } | undefined;
  readonly onEpoch?: ((epoch: SequenceEpoch) => 'stop' | void) | undefined;
}

export interface SequenceTrainResult {
  readonly weights: Float32Array[];
  readonly epochs: SequenceEpoch[];
  /** The epoch whose weights were kept: the best validation epoch under early stopping, else the last. */
  readonly bestEpoch: number;
}

/**
 * MSE on target / targetScale with Adam, in a hand-written loop (`LayersModel.fit` shuffles with Math.random): the
 * initial weights and each epoch's draw come from `createRng`, so a seed gives the same weights on the same backend.
 * Synchronous (cpu and WASM compute eagerly); every tensor it makes is disposed before it returns.
 */
export function trainSequence(
  tf: Tf,
  a: SequenceArchitecture,
  X: SequenceWindows,
  y: Float64Array,
  o: SequenceTrainOptions,
): SequenceTrainResult {
  const size = a.window * a.features;
  const batchOf = (set: SequenceWindows, rows: ArrayLike<number>) => {
    const data = new Float32Array(rows.length * size);
    for (let i = 0; i < rows.length; i++) data.set(set.data.subarray(rows[i]! * size, (rows[i]! + 1) * size), i * size);
    return tf.tensor3d(data, [rows.length, a.window, a.features]);
  };
  const targetsOf = (t: Float64Array, rows: ArrayLike<number>): Tensor1D =>
    tf.tensor1d(Float32Array.from({ length: rows.length }, (_, i) => t[rows[i]!]! / o.targetScale));
  const specs = weightSpecs(a);
  const vars: Variable[] = initialSequenceWeights(a, o.seed).map((w, i) => tf.tidy(() => tf.variable(tf.tensor(w, [...specs[i]!.shape]))));
  // Adam reads its protected learningRate at every step: a subclass may set it between epochs, moments intact.
  const optimizer = new (class extends tf.AdamOptimizer {
    setRate(rate: number): void {
      this.learningRate = rate;
    }
  })(o.learningRate, 0.9, 0.999);
  const snapshot = (): Float32Array[] => vars.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  try {
    const rng = createRng(o.seed ^ 0x5eed);
    const order = Int32Array.from({ length: X.count }, (_, i) => i);
    const epochs: SequenceEpoch[] = [];
    let best = { rmse: Infinity, epoch: 0, weights: [] as Float32Array[] };
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      optimizer.setRate(o.learningRate * o.learningRateDecay ** (epoch - 1));
      shuffleInPlace(order, rng);
      const drawn = Math.min(X.count, o.windowsPerEpoch);
      let sse = 0;
      for (let b = 0; b < drawn; b += o.batchSize) {
        const rows = order.subarray(b, Math.min(b + o.batchSize, drawn));
        const cost = tf.tidy(
          () =>
            optimizer.minimize(
              () => tf.mean(tf.squaredDifference(sequenceForward(tf, a, vars, batchOf(X, rows)), targetsOf(y, rows))) as Scalar,
              true,
              vars,
            ) as Scalar,
        );
        sse += cost.dataSync()[0]! * rows.length;
        cost.dispose();
      }
      const trainRmse = Math.sqrt(sse / drawn) * o.targetScale;
      const v = o.validation;
      const validationRmse = v ? rmseOf(tf, a, vars, v.windows, v.targets, batchOf, o.targetScale) : null;
      const record = { epoch, trainRmse, validationRmse };
      epochs.push(record);
      const stop = o.onEpoch?.(record) === 'stop';
      if (o.patience !== null && validationRmse !== null) {
        if (validationRmse < best.rmse) best = { rmse: validationRmse, epoch, weights: snapshot() };
        else if (epoch - best.epoch >= o.patience) break;
      }
      if (stop) break;
    }
    if (o.patience === null || best.epoch === 0) best = { rmse: NaN, epoch: epochs.length, weights: snapshot() };
    return { weights: best.weights, epochs, bestEpoch: best.epoch };
  } finally {
    optimizer.dispose();
    for (const v of vars) v.dispose();
  }
}

function rmseOf(
  tf: Tf,
  a: SequenceArchitecture,
  vars: readonly Variable[],
  X: SequenceWindows,
  y: Float64Array,
  batchOf: (set: SequenceWindows, rows: ArrayLike<number>) => ReturnType<Tf['tensor3d']>,
  scale: number,
): number {
  let se = 0;
  for (let b = 0; b < X.count; b += 1024) {
    const rows = Int32Array.from({ length: Math.min(1024, X.count - b) }, (_, i) => b + i);
    const p = tf.tidy(() => sequenceForward(tf, a, vars, batchOf(X, rows)).dataSync());
    for (let i = 0; i < rows.length; i++) se += (p[i]! * scale - y[rows[i]!]!) ** 2;
  }
  return Math.sqrt(se / X.count);
}
