import { createRng, type Rng } from '../random';

/** The sequence network behind a `SequenceRulModel`. */
export type SequenceKind = 'lstm' | 'gru' | 'tcn';

/**
 * The shape of a sequence RUL network over windows of `window` steps × `features`:
 * - `'lstm'` / `'gru'` — `layers` stacked recurrent layers of `units` with the gate order and equations
 *   of tfjs' own `tf.layers.lstm` / `tf.layers.gru` (LSTM i, f, c, o; GRU z, r, h with the reset gate applied before
 *   the recurrent matMul, Keras' `reset_after: false`), so their weights load into those layers unchanged; the last
 *   step's state feeds the head;
 * - `'tcn'` — `layers` residual blocks (Bai et al. 2018) of two causal convolutions of `units` filters, width
 *   `kernelSize`, dilation 2^block, ReLU after each and after the sum with the block's input (a 1×1 convolution when
 *   the widths differ); receptive field 1 + 2·(k − 1)·(2^layers − 1) steps; the last step feeds the head.
 * Head: Dense(`dense`, ReLU) → Dense(1), predicting RUL / targetScale.
 */
export interface SequenceArchitecture {
  readonly kind: SequenceKind;
  readonly window: number;
  readonly features: number;
  readonly units: number;
  readonly layers: number;
  /** TCN only (kept, unused, for the recurrent kinds). */
  readonly kernelSize: number;
  readonly dense: number;
}

/** One weight array's name, shape and Glorot fan (for the initial draw), in the order the graph reads them. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  /** 'glorot' kernels with limit √(6 / (fanIn + fanOut)); 'zero' biases; 'forget' = LSTM bias with 1 on the forget gate. */
  readonly init: 'glorot' | 'zero' | 'forget';
  readonly fanIn: number;
  readonly fanOut: number;
}

/** Every weight of the network in graph order. */
export function weightSpecs(a: SequenceArchitecture): WeightSpec[] {
  const specs: WeightSpec[] = [];
  const kernel = (name: string, rows: number, cols: number, fanIn = rows, fanOut = cols): void => {
    specs.push({ name, shape: [rows, cols], init: 'glorot', fanIn, fanOut });
  };
  const bias = (name: string, n: number, init: 'zero' | 'forget' = 'zero'): void => {
    specs.push({ name, shape: [n], init, fanIn: 0, fanOut: 0 });
  };
  const H = a.units;
  let width = a.features;
  for (let l = 0; l < a.layers; l++) {
    if (a.kind === 'lstm') {
      // Glorot per gate block (Keras draws the kernel whole; per gate keeps the variance of each gate's input).
      kernel(`lstm${l}.Wx`, width, 4 * H, width, H);
      kernel(`lstm${l}.Wh`, H, 4 * H, H, H);
      bias(`lstm${l}.b`, 4 * H, 'forget');
    } else if (a.kind === 'gru') {
      kernel(`gru${l}.Wx`, width, 3 * H, width, H);
      kernel(`gru${l}.Wh`, H, 3 * H, H, H);
      bias(`gru${l}.b`, 3 * H);
    } else {
      const k = a.kernelSize;
      kernel(`tcn${l}.W1`, k * width, H, k * width, k * H);
      bias(`tcn${l}.b1`, H);
      kernel(`tcn${l}.W2`, k * H, H, k * H, k * H);
      bias(`tcn${l}.b2`, H);
      if (width !== H) {
        kernel(`tcn${l}.Wr`, width, H);
        bias(`tcn${l}.br`, H);
      }
    }
    width = H;
  }
  kernel('head.W1', H, a.dense);
  bias('head.b1', a.dense);
  kernel('head.W2', a.dense, 1);
  bias('head.b2', 1);
  return specs;
}

export function weightSize(spec: WeightSpec): number {
  return spec.shape.reduce((p, d) => p * d, 1);
}

/** Initial weights drawn from `createRng(seed)`: the same on every backend and platform. */
export function initialSequenceWeights(a: SequenceArchitecture, seed: number): Float32Array[] {
  const rng = createRng(seed);
  return weightSpecs(a).map((s) => draw(s, rng, a.units));
}

function draw(s: WeightSpec, rng: Rng, units: number): Float32Array {
  const w = new Float32Array(weightSize(s));
  if (s.init === 'glorot') {
    const limit = Math.sqrt(6 / (s.fanIn + s.fanOut));
    for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-limit, limit);
  } else if (s.init === 'forget') {
    w.fill(1, units, 2 * units); // Keras' unit_forget_bias: gates i, f, c, o
  }
  return w;
}

/** Steps a TCN output sees: 1 + 2·(k − 1)·(2^layers − 1). */
export function tcnReceptiveField(kernelSize: number, layers: number): number {
  return 1 + 2 * (kernelSize - 1) * (2 ** layers - 1);
}
