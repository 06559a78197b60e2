import { createRng, type Matrix, type Rng } from '../../src';

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * A multichannel "machine": `d` channels driven by two shared sinusoids (periods 25 and 60 steps) with per-channel
 * gains and phases, plus noise (σ 0.1). Channels are strongly correlated, so an anomaly can break the correlation
 * while every channel stays in range. Seeded.
 */
export function sinusoidRows(seed: number, n: number, d = 8, start = 0): Matrix {
  const rng = createRng(seed);
  const gains = [1, 0.8, -0.6, 1.2, 0.5, -1, 0.9, 0.7];
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const t = start + i;
    const a = Math.sin((2 * Math.PI * t) / 25);
    const b = Math.sin((2 * Math.PI * t) / 60 + 1);
    for (let j = 0; j < d; j++) data[i * d + j] = gains[j % 8]! * a + (0.3 + 0.1 * j) * b + 2 * j + 0.1 * normal(rng);
  }
  return { rows: n, cols: d, data };
}

export type PlantedKind = 'spike' | 'level-shift' | 'broken-correlation';

/** A test stretch with planted anomalies and per-row labels (1 inside an anomaly), plus where each one ends. */
export interface PlantedSeries {
  readonly X: Matrix;
  readonly labels: number[];
  readonly segments: { kind: PlantedKind; from: number; to: number }[];
}

/**
 * `sinusoidRows` continued after the training rows, with each kind planted twice, 150 rows apart: a 2-row spike of
 * +1.5 on one channel (≈ 2 σ of that channel), a 40-row level shift of +0.8 on two channels, and a 40-row stretch
 * where one channel's fast component is sign-flipped (values stay in range; only the correlation breaks).
 */
export function plantedSeries(seed: number, start: number, d = 8): PlantedSeries {
  const plan: { kind: PlantedKind; length: number }[] = [
    { kind: 'spike', length: 2 },
    { kind: 'level-shift', length: 40 },
    { kind: 'broken-correlation', length: 40 },
    { kind: 'spike', length: 2 },
    { kind: 'level-shift', length: 40 },
    { kind: 'broken-correlation', length: 40 },
  ];
  const n = 150 * (plan.length + 1);
  const X = sinusoidRows(seed, n, d, start);
  const rng = createRng(seed + 1);
  const labels = new Array<number>(n).fill(0);
  const segments = plan.map(({ kind, length }, k) => {
    const from = 150 * (k + 1);
    const to = from + length;
    const j = rng.int(d);
    for (let i = from; i < to; i++) {
      labels[i] = 1;
      const t = start + i;
      if (kind === 'spike') X.data[i * d + j]! += 1.5;
      else if (kind === 'level-shift') {
        X.data[i * d + j]! += 0.8;
        X.data[i * d + ((j + 3) % d)]! += 0.8;
      } else X.data[i * d + j]! -= 2 * [1, 0.8, -0.6, 1.2, 0.5, -1, 0.9, 0.7][j % 8]! * Math.sin((2 * Math.PI * t) / 25);
    }
    return { kind, from, to };
  });
  return { X, labels, segments };
}
