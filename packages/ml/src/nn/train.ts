import type { Scalar, Tensor3D, Variable } from '@tensorflow/tfjs';
import { createRng, shuffleInPlace } from '../random';
import type { Tf } from './backend';
import { initialWeights, weightShapes, type ConvAeArchitecture } from './conv-ae';
import { reconstructBatch } from './conv-ae-graph';

export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Fraction of the windows, the last ones in time (as Keras' `validation_split`), held out for early stopping. */
  readonly validationSplit: number;
  /** Epochs without a lower validation loss before stopping; the best epoch's weights are kept. */
  readonly patience: number;
  /** Training windows drawn (without replacement, seeded) per epoch, bounding an epoch's time on long series. */
  readonly windowsPerEpoch: number;
  readonly seed: number;
}

export interface TrainResult {
  readonly weights: Float32Array[];
  /** Epochs run, and the one whose weights were kept (the last when there is no validation split). */
  readonly epochsRun: number;
  readonly bestEpoch: number;
  readonly trainLoss: number[];
  readonly valLoss: number[];
}

/**
 * Trains the autoencoder on the windows (stride 1; at most `windowsPerEpoch` of them per epoch) of `series` (rows × channels, standardised, row-major) with MSE
 * and Adam, in a hand-written loop rather than `LayersModel.fit`, whose shuffling uses Math.random: here the initial
 * weights and each epoch's order come from `createRng`, so a seed gives the same weights on the same backend.
 * Synchronous (the cpu and WASM backends compute eagerly); every tensor it makes is disposed before it returns.
 */
export function trainConvAe(tf: Tf, a: ConvAeArchitecture, series: Float32Array, rows: number, o: TrainOptions): TrainResult {
  const windows = rows - a.window + 1;
  const nVal = o.validationSplit > 0 ? Math.max(1, Math.round(windows * o.validationSplit)) : 0;
  const nTrain = windows - nVal;
  const size = a.window * a.channels;
  const batchOf = (starts: ArrayLike<number>): Tensor3D => {
    const data = new Float32Array(starts.length * size);
    for (let i = 0; i < starts.length; i++) data.set(series.subarray(starts[i]! * a.channels, starts[i]! * a.channels + size), i * size);
    return tf.tensor3d(data, [starts.length, a.window, a.channels]);
  };
  const shapes = weightShapes(a);
  const vars: Variable[] = initialWeights(a, o.seed).map((w, i) => tf.tidy(() => tf.variable(tf.tensor(w, shapes[i]))));
  const optimizer = tf.train.adam(o.learningRate);
  const loss = (x: Tensor3D): Scalar => tf.mean(tf.squaredDifference(reconstructBatch(tf, a, vars, x), x));
  const snapshot = (): Float32Array[] => vars.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  try {
    const rng = createRng(o.seed ^ 0x5eed);
    const order = Int32Array.from({ length: nTrain }, (_, i) => i);
    const trainLoss: number[] = [];
    const valLoss: number[] = [];
    let best = { loss: Infinity, epoch: 0, weights: [] as Float32Array[] };
    let epoch = 0;
    while (epoch < o.epochs) {
      epoch++;
      shuffleInPlace(order, rng);
      const drawn = Math.min(nTrain, o.windowsPerEpoch);
      let sum = 0;
      for (let b = 0; b < drawn; b += o.batchSize) {
        const starts = order.subarray(b, Math.min(b + o.batchSize, drawn));
        const cost = tf.tidy(() => optimizer.minimize(() => loss(batchOf(starts)), true, vars) as Scalar);
        sum += cost.dataSync()[0]! * starts.length;
        cost.dispose();
      }
      trainLoss.push(sum / drawn);
      if (nVal === 0) continue;
      let se = 0;
      for (let b = nTrain; b < windows; b += 4 * o.batchSize) {
        const starts = Int32Array.from({ length: Math.min(4 * o.batchSize, windows - b) }, (_, i) => b + i);
        se += tf.tidy(() => loss(batchOf(starts)).dataSync()[0]!) * starts.length;
      }
      valLoss.push(se / nVal);
      if (valLoss[epoch - 1]! < best.loss) best = { loss: valLoss[epoch - 1]!, epoch, weights: snapshot() };
      else if (epoch - best.epoch >= o.patience) break;
    }
    if (nVal === 0) best = { loss: NaN, epoch, weights: snapshot() };
    return { weights: best.weights, epochsRun: epoch, bestEpoch: best.epoch, trainLoss, valLoss };
  } finally {
    optimizer.dispose();
    for (const v of vars) v.dispose();
  }
}
