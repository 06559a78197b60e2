import type { Tensor, Tensor1D, Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import type { Tf } from '../nn/backend';
import type { SequenceArchitecture } from './seq-arch';

type Weights = readonly Tensor[];

/**
 * The network of `SequenceArchitecture` as tfjs ops with gradients on every backend (no stock layers: tfjs' Conv1D
 * cannot train on WASM and its RNN layers initialise with Math.random). `x` is [batch, window, features]; the result
 * is [batch], in target / targetScale units. Each recurrent layer multiplies the inputs of all steps by its input
 * kernel at once, leaving one (LSTM) or two (GRU) matMuls per step; each causal convolution is left pad + k dilated slices + concat +
 * matMul (im2col, column = tap·cin + channel, tap k − 1 the current step).
 */
export function sequenceForward(tf: Tf, a: SequenceArchitecture, weights: Weights, x: Tensor3D): Tensor1D {
  const w = weights as Tensor2D[];
  let next = 0;
  const take = (): Tensor2D => w[next++]!;
  const [batch, steps] = x.shape;
  let h: Tensor3D = x;
  let last: Tensor2D | undefined;
  for (let l = 0; l < a.layers; l++) {
    const isLast = l === a.layers - 1;
    if (a.kind === 'lstm') {
      const [Wx, Wh, b] = [take(), take(), take()];
      ({ seq: h, last } = recurrent(tf, h, Wx, b, lstmCell(tf, Wh), a.units, !isLast));
    } else if (a.kind === 'gru') {
      const [Wx, Wh, b] = [take(), take(), take()];
      ({ seq: h, last } = recurrent(tf, h, Wx, b, gruCell(tf, Wh, a.units), a.units, !isLast));
    } else {
      const dilation = 2 ** l;
      const cin = h.shape[2];
      const y1 = tf.relu(causalConv(tf, h, take(), take(), a.kernelSize, dilation));
      const y2 = tf.relu(causalConv(tf, y1, take(), take(), a.kernelSize, dilation));
      const skip = cin === a.units ? h : pointwise(tf, h, take(), take());
      h = tf.relu(tf.add(y2, skip)) as Tensor3D;
      if (isLast) last = tf.reshape(tf.slice(h, [0, steps - 1, 0], [batch, 1, a.units]), [batch, a.units]);
    }
  }
  const hidden = tf.relu(tf.add(tf.matMul(last!, take()), take()));
  return tf.reshape(tf.add(tf.matMul(hidden, take()), take()), [batch]);
}

type Cell = (xt: Tensor2D, h: Tensor2D, state: Tensor2D | undefined) => { h: Tensor2D; state: Tensor2D | undefined };

/** LSTM step (gates i, f, c, o): `xt` is the step's input already multiplied by the input kernel, plus the bias. */
function lstmCell(tf: Tf, Wh: Tensor2D): Cell {
  return (xt, hp, state) => {
    const [i, f, g, o] = tf.split(tf.add(xt, tf.matMul(hp, Wh)), 4, 1) as [Tensor2D, Tensor2D, Tensor2D, Tensor2D];
    const c: Tensor2D = tf.add(tf.mul(tf.sigmoid(f), state!), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    return { h: tf.mul(tf.sigmoid(o), tf.tanh(c)), state: c };
  };
}

/** GRU step (z, r, h; reset gate applied to the state before its matMul, as tf.layers.gru). */
function gruCell(tf: Tf, Wh: Tensor2D, units: number): Cell {
  const [Whzr, Whn] = tf.split(Wh, [2 * units, units], 1) as [Tensor2D, Tensor2D];
  return (xt, hp) => {
    const [xz, xr, xn] = tf.split(xt, 3, 1) as [Tensor2D, Tensor2D, Tensor2D];
    const [hz, hr] = tf.split(tf.matMul(hp, Whzr), 2, 1) as [Tensor2D, Tensor2D];
    const z = tf.sigmoid(tf.add(xz, hz));
    const r = tf.sigmoid(tf.add(xr, hr));
    const n = tf.tanh(tf.add(xn, tf.matMul(tf.mul(r, hp), Whn)));
    return { h: tf.add(tf.mul(z, hp), tf.mul(tf.sub(1, z), n)), state: undefined };
  };
}

/** Runs `cell` over the steps from zero states; returns the last state and, when `keepSequence`, every step's. */
function recurrent(
  tf: Tf,
  x: Tensor3D,
  Wx: Tensor2D,
  b: Tensor,
  cell: Cell,
  units: number,
  keepSequence: boolean,
): { seq: Tensor3D; last: Tensor2D } {
  const [batch, steps, cin] = x.shape;
  const gates = Wx.shape[1];
  const xp = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [batch * steps, cin]), Wx), b), [batch, steps, gates]);
  const xs = tf.unstack(xp, 1) as Tensor2D[];
  let h: Tensor2D = tf.zeros([batch, units]);
  let state: Tensor2D | undefined = tf.zeros([batch, units]);
  const seq: Tensor2D[] = [];
  for (const xt of xs) {
    ({ h, state } = cell(xt, h, state));
    if (keepSequence) seq.push(h);
  }
  return { seq: keepSequence ? (tf.stack(seq, 1) as Tensor3D) : x, last: h };
}

/** Causal dilated 1-D convolution of [batch, steps, cin] with W [k·cin, cout]: output t sees t − (k−1−tap)·d. */
function causalConv(tf: Tf, x: Tensor3D, W: Tensor2D, b: Tensor, k: number, d: number): Tensor3D {
  const [batch, steps, cin] = x.shape;
  const pad = (k - 1) * d;
  const padded = tf.pad(x, [
    [0, 0],
    [pad, 0],
    [0, 0],
  ]);
  const taps = Array.from({ length: k }, (_, tap) => tf.slice(padded, [0, tap * d, 0], [batch, steps, cin]));
  const cols = k === 1 ? taps[0]! : tf.concat(taps, 2);
  const y = tf.add(tf.matMul(tf.reshape(cols, [batch * steps, k * cin]), W), b);
  return tf.reshape(y, [batch, steps, W.shape[1]]);
}

function pointwise(tf: Tf, x: Tensor3D, W: Tensor2D, b: Tensor): Tensor3D {
  const [batch, steps, cin] = x.shape;
  return tf.reshape(tf.add(tf.matMul(tf.reshape(x, [batch * steps, cin]), W), b), [batch, steps, W.shape[1]]);
}
