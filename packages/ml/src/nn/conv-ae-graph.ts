import type { Tensor, Tensor3D, Variable } from '@tensorflow/tfjs';
import type { Tf } from './backend';
import { convLayers, type ConvAeArchitecture } from './conv-ae';

/**
 * The autoencoder as a tfjs graph, for training. Stock tfjs Conv1D cannot train on the WASM backend, so each
 * convolution is pad + k slices + concat (im2col, column = tap·cin + channel) + matMul, which has gradients on every
 * backend; stride 2 keeps the even steps of the im2col before the matMul, upsampling repeats each step twice.
 * Same arithmetic as `reconstructWindow` (float32 here, float64 there).
 */
export function reconstructBatch(tf: Tf, a: ConvAeArchitecture, weights: readonly Variable[] | readonly Tensor[], x: Tensor3D): Tensor3D {
  const pad = (a.kernelSize - 1) / 2;
  let h = x;
  convLayers(a).forEach((l, i) => {
    const [batch, steps0] = h.shape;
    let steps = steps0;
    if (l.upsample) {
      const r = tf.reshape(h, [batch, steps, 1, l.cin]);
      steps *= 2;
      h = tf.reshape(tf.concat([r, r], 2), [batch, steps, l.cin]);
    }
    const padded = tf.pad(h, [
      [0, 0],
      [pad, pad],
      [0, 0],
    ]);
    const taps = Array.from({ length: a.kernelSize }, (_, tap) => tf.slice(padded, [0, tap, 0], [batch, steps, l.cin]));
    let cols: Tensor = tf.concat(taps, 2);
    const width = a.kernelSize * l.cin;
    if (l.downsample) {
      steps /= 2;
      cols = tf.slice(tf.reshape(cols, [batch, steps, 2, width]), [0, 0, 0, 0], [batch, steps, 1, width]);
    }
    const y = tf.add(tf.matMul(tf.reshape(cols, [batch * steps, width]), weights[2 * i]!), weights[2 * i + 1]!);
    h = tf.reshape(l.relu ? tf.relu(y) : y, [batch, steps, l.cout]);
  });
  return h;
}
