import { createRng } from '../random';

/**
 * The convolutional autoencoder's shape, after the SKAB leaderboard's Conv-AE (Keras: Conv1D 32 → 16 with stride 2,
 * Conv1DTranspose back): a window of `window` steps × `channels` is encoded by two stride-2 1-D convolutions (ReLU)
 * to window/4 steps × filters[1], and decoded by two nearest-neighbour ×2 upsamplings each followed by a convolution
 * (ReLU, then linear to `channels`). Every convolution is "same" (zero padding (k−1)/2 each side), so the window is
 * reconstructed as a whole; online scoring is causal by choosing which window scores a step, not by the layers.
 */
export interface ConvAeArchitecture {
  readonly window: number;
  readonly channels: number;
  readonly kernelSize: number;
  readonly filters: readonly [number, number];
}

/** One convolution: `k·cin × cout` weights (row = tap·cin + input channel, the im2col order) and `cout` biases. */
export interface ConvLayer {
  readonly cin: number;
  readonly cout: number;
  /** Take every second output step (encoder). */
  readonly downsample: boolean;
  /** Repeat every input step twice first (decoder). */
  readonly upsample: boolean;
  readonly relu: boolean;
}

/** Weights of every layer, in `convLayers` order: [W0, b0, W1, b1, …], float32 as trained. */
export type ConvAeWeights = readonly Float32Array[];

export function convLayers(a: ConvAeArchitecture): ConvLayer[] {
  const [f1, f2] = a.filters;
  return [
    { cin: a.channels, cout: f1, downsample: true, upsample: false, relu: true },
    { cin: f1, cout: f2, downsample: true, upsample: false, relu: true },
    { cin: f2, cout: f1, downsample: false, upsample: true, relu: true },
    { cin: f1, cout: a.channels, downsample: false, upsample: true, relu: false },
  ];
}

/** The shape of each weight array, in `ConvAeWeights` order. */
export function weightShapes(a: ConvAeArchitecture): number[][] {
  return convLayers(a).flatMap((l) => [[a.kernelSize * l.cin, l.cout], [l.cout]]);
}

/**
 * Glorot-uniform kernels (Keras' default for Conv1D: limit √(6 / (k·cin + k·cout))) and zero biases, drawn from
 * `createRng(seed)`, so the initial weights are the same on every backend and platform.
 */
export function initialWeights(a: ConvAeArchitecture, seed: number): Float32Array[] {
  const rng = createRng(seed);
  return convLayers(a).flatMap((l) => {
    const W = new Float32Array(a.kernelSize * l.cin * l.cout);
    const limit = Math.sqrt(6 / (a.kernelSize * (l.cin + l.cout)));
    for (let i = 0; i < W.length; i++) W[i] = rng.uniform(-limit, limit);
    return [W, new Float32Array(l.cout)];
  });
}

/**
 * The reconstruction of one window (`window × channels`, row-major) in double precision from the trained float32
 * weights — the scoring path, with no TensorFlow.js: the same arithmetic as the training graph (`conv-ae-graph.ts`).
 */
export function reconstructWindow(a: ConvAeArchitecture, weights: ConvAeWeights, x: Float64Array): Float64Array {
  let h = x;
  let steps = a.window;
  convLayers(a).forEach((l, i) => {
    if (l.upsample) {
      h = upsample(h, steps, l.cin);
      steps *= 2;
    }
    h = conv(h, steps, l, a.kernelSize, weights[2 * i]!, weights[2 * i + 1]!);
    if (l.downsample) steps /= 2;
  });
  return h;
}

/** "Same" 1-D convolution of `steps × cin`, evaluated at every step (or every second one when downsampling). */
function conv(x: Float64Array, steps: number, l: ConvLayer, k: number, W: Float32Array, b: Float32Array): Float64Array {
  const pad = (k - 1) / 2;
  const stride = l.downsample ? 2 : 1;
  const outSteps = steps / stride;
  const out = new Float64Array(outSteps * l.cout);
  for (let o = 0; o < outSteps; o++) {
    const row = out.subarray(o * l.cout, (o + 1) * l.cout);
    for (let c = 0; c < l.cout; c++) row[c] = b[c]!;
    for (let tap = 0; tap < k; tap++) {
      const t = o * stride + tap - pad;
      if (t < 0 || t >= steps) continue;
      for (let ci = 0; ci < l.cin; ci++) {
        const v = x[t * l.cin + ci]!;
        if (v === 0) continue;
        const w0 = (tap * l.cin + ci) * l.cout;
        for (let c = 0; c < l.cout; c++) row[c]! += v * W[w0 + c]!;
      }
    }
    if (l.relu) for (let c = 0; c < l.cout; c++) if (row[c]! < 0) row[c] = 0;
  }
  return out;
}

function upsample(x: Float64Array, steps: number, c: number): Float64Array {
  const out = new Float64Array(2 * steps * c);
  for (let t = 0; t < steps; t++) {
    const src = x.subarray(t * c, (t + 1) * c);
    out.set(src, 2 * t * c);
    out.set(src, (2 * t + 1) * c);
  }
  return out;
}
