import { createRng, slidingWindows, type PreparedUnit, type Rng, type WindowSet } from '../../src';

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * Run-to-failure units of a small synthetic machine: each unit lives L ~ U(60, 120) cycles; its wear
 * w = max(0, 1 − RUL/70)² is invisible for a long healthy stretch, then grows; `features` channels read
 * gain_j · w + a unit offset (σ 0.1) + noise (σ 0.08). Target: min(RUL, cap). Windows as `slidingWindows` makes them.
 */
export function degradationWindows(seed: number, units: number, window = 10, cap = 50, features = 4): WindowSet {
  const rng = createRng(seed);
  const gains = [1.5, -1, 0.8, 1.2, -0.6, 0.4];
  const prepared: PreparedUnit[] = Array.from({ length: units }, (_, u) => {
    const life = 60 + rng.int(61);
    const offsets = Array.from({ length: features }, () => 0.1 * normal(rng));
    const data = new Float64Array(life * features);
    const target = new Float64Array(life);
    for (let t = 0; t < life; t++) {
      const rul = life - 1 - t;
      const wear = Math.max(0, 1 - rul / 70) ** 2;
      for (let j = 0; j < features; j++) data[t * features + j] = gains[j % gains.length]! * 3 * wear + offsets[j]! + 0.08 * normal(rng);
      target[t] = Math.min(rul, cap);
    }
    return {
      unit: u + 1,
      cycles: Float64Array.from({ length: life }, (_, t) => t + 1),
      features: { rows: life, cols: features, data },
      target,
    };
  });
  return slidingWindows(prepared, { length: window });
}

/** RMSE of always predicting the mean of `train` (the bar a model must clear by far). */
export function meanPredictorRmse(train: Float64Array, test: Float64Array): number {
  const mean = train.reduce((a, b) => a + b, 0) / train.length;
  return Math.sqrt(test.reduce((s, v) => s + (v - mean) ** 2, 0) / test.length);
}
