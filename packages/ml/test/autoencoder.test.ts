import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConvAutoencoder, deserializeDetector, initNnBackend, type ConvAutoencoderOptions, type Matrix } from '../src';
import { requireNn } from '../src/nn/backend';
import { reconstructWindow, weightShapes, type ConvAeArchitecture } from '../src/nn/conv-ae';
import { reconstructBatch } from '../src/nn/conv-ae-graph';
import { expectMlError } from './support/expect-error';
import { rocAuc } from './support/roc-auc';
import { plantedSeries, sinusoidRows } from './support/sinusoids';

// Small enough to train in a few seconds on a shared 2-core machine, big enough to learn the sinusoids.
const SMALL: ConvAutoencoderOptions = { window: 16, kernelSize: 5, filters: [16, 8], epochs: 15, seed: 7 };
const TRAIN_ROWS = 600;

function withRows(X: Matrix, from: number, to: number, edit: (row: Float64Array) => void): Matrix {
  const data = Float64Array.from(X.data);
  for (let i = from; i < to; i++) edit(data.subarray(i * X.cols, (i + 1) * X.cols));
  return { rows: X.rows, cols: X.cols, data };
}

it('fit fails with ML_BACKEND_NOT_READY before initNnBackend, and fitAsync loads the backend itself', async () => {
  const ae = new ConvAutoencoder({ ...SMALL, epochs: 1 });
  expectMlError(() => ae.fit(sinusoidRows(1, 100)), 'ML_BACKEND_NOT_READY');
  await ae.fitAsync(sinusoidRows(1, 100));
  expect(['wasm', 'cpu']).toContain(ae.training.backend);
});

describe('ConvAutoencoder', () => {
  const train = sinusoidRows(1, TRAIN_ROWS);
  const planted = plantedSeries(2, TRAIN_ROWS);
  const ae = new ConvAutoencoder(SMALL);

  beforeAll(async () => {
    expect(await initNnBackend()).toBe('wasm');
    ae.fit(train);
  });

  it('scores planted spikes, level shifts and broken correlations above normal rows (ROC AUC ≥ 0.9)', () => {
    const centred = ConvAutoencoder.fromState({ ...ae.serialize(), scoring: 'centred' }).score(planted.X);
    expect(rocAuc(centred, planted.labels)).toBeGreaterThanOrEqual(0.9);
    // Causal scores stay high for w − 1 rows after an anomaly ends (its windows still contain it): leave those out.
    const afterglow = (i: number): boolean => planted.segments.some((g) => i >= g.to && i < g.to + SMALL.window! - 1);
    const causal = ae.score(planted.X);
    expect(rocAuc(causal, planted.labels, (i) => !afterglow(i))).toBeGreaterThanOrEqual(0.9);
    for (const kind of ['spike', 'level-shift', 'broken-correlation'] as const) {
      const labels = planted.labels.map((l, i) => (planted.segments.some((g) => g.kind === kind && i >= g.from && i < g.to) ? 1 : 0));
      const keep = (i: number): boolean => labels[i] === 1 || (planted.labels[i] === 0 && !afterglow(i));
      expect(rocAuc(causal, labels, keep), kind).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('has a training error far below the error of an untrained network', () => {
    const untrained = new ConvAutoencoder({ ...SMALL, epochs: 1 });
    untrained.fit(train);
    const mean = (x: Float64Array): number => x.reduce((a, b) => a + b, 0) / x.length;
    expect(mean(ae.score(train))).toBeLessThan(0.3 * mean(untrained.score(train)));
    expect(ae.training.validationLoss).toBeLessThan(untrained.training.validationLoss!);
  });

  it('names the shifted channel in its per-channel errors', () => {
    const j = 5;
    const shifted = withRows(planted.X, 200, 260, (r) => (r[j]! += 2));
    const E = ae.channelErrors(shifted);
    const total = new Float64Array(E.cols);
    for (let i = 215; i < 260; i++) for (let c = 0; c < E.cols; c++) total[c]! += E.data[i * E.cols + c]!;
    expect(total.indexOf(Math.max(...total))).toBe(j);
    const scores = ae.score(shifted);
    for (let i = 0; i < E.rows; i += 97)
      expect(scores[i]).toBeCloseTo(E.data.subarray(i * E.cols, (i + 1) * E.cols).reduce((a, b) => a + b, 0) / E.cols, 12);
  });

  it('scores causally: a row’s causal score ignores later rows, its centred score does not', () => {
    const X = sinusoidRows(3, 200, 8, TRAIN_ROWS);
    const changed = withRows(X, 120, 200, (r) => r.fill(9));
    const a = ae.score(X);
    const b = ae.score(changed);
    expect(Array.from(b.subarray(0, 120))).toEqual(Array.from(a.subarray(0, 120)));
    expect(b[120]).toBeGreaterThan(a[120]!);
    const centred = ConvAutoencoder.fromState({ ...ae.serialize(), scoring: 'centred' });
    expect(centred.score(changed)[110]).not.toBe(centred.score(X)[110]);
  });

  it('scores in TypeScript exactly what the training graph reconstructs (float32 vs float64)', () => {
    const { tf: t } = requireNn('test');
    const s = ae.serialize();
    const arch: ConvAeArchitecture = {
      window: s.window,
      channels: s.channels,
      kernelSize: s.kernelSize,
      filters: [s.filters[0]!, s.filters[1]!],
    };
    const weights = (ConvAutoencoder.fromState(s) as unknown as { model: { weights: Float32Array[] } }).model.weights;
    const x = Float64Array.from({ length: arch.window * arch.channels }, (_, k) => Math.sin(k / 3));
    const ours = reconstructWindow(arch, weights, x);
    const shapes = weightShapes(arch);
    const theirs = t.tidy(() =>
      reconstructBatch(
        t,
        arch,
        weights.map((w, i) => t.tensor(w, shapes[i])),
        t.tensor3d(Float32Array.from(x), [1, arch.window, arch.channels]),
      ).dataSync(),
    );
    expect(Math.max(...ours.map((v, k) => Math.abs(v - theirs[k]!)))).toBeLessThan(1e-4);
    expect(Math.max(...ours.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('restores from JSON through the registry with identical scores and state', () => {
    const state = ae.serialize();
    const json = JSON.stringify(state);
    expect(typeof state.weights[0]).toBe('string');
    const back = deserializeDetector(JSON.parse(json)) as ConvAutoencoder;
    expect(back.kind).toBe('conv-autoencoder');
    expect(back.score(planted.X)).toEqual(ae.score(planted.X));
    expect(back.channelErrors(planted.X)).toEqual(ae.channelErrors(planted.X));
    expect(back.serialize()).toEqual(state);
  });

  it('gives the same weights for the same seed and different ones for another seed', () => {
    const opts = { ...SMALL, epochs: 3 };
    const fitWith = (seed: number): ReturnType<ConvAutoencoder['serialize']> => {
      const d = new ConvAutoencoder({ ...opts, seed });
      d.fit(train);
      return d.serialize();
    };
    const a = fitWith(11);
    expect(fitWith(11)).toEqual(a);
    expect(fitWith(12).weights).not.toEqual(a.weights);
  });

  it('leaves no tensor behind after fit and score', () => {
    const before = tf.memory().numTensors;
    const d = new ConvAutoencoder({ ...SMALL, epochs: 2 });
    d.fit(train);
    d.score(planted.X);
    expect(tf.memory().numTensors).toBe(before);
    expect(requireNn('test').tf.memory().numTensors).toBe(before);
  });

  it('rejects bad input, options and use before fit with stable codes', () => {
    expectMlError(() => new ConvAutoencoder().score(train), 'ML_NOT_FITTED');
    expectMlError(() => new ConvAutoencoder().serialize(), 'ML_NOT_FITTED');
    const nan = withRows(train, 10, 11, (r) => (r[2] = NaN));
    expectMlError(() => new ConvAutoencoder(SMALL).fit(nan), 'ML_BAD_INPUT');
    expectMlError(() => ae.score(nan), 'ML_BAD_INPUT');
    expectMlError(() => ae.score({ rows: 2, cols: 3, data: new Float64Array(6) }), 'ML_BAD_INPUT');
    expectMlError(() => new ConvAutoencoder(SMALL).fit(sinusoidRows(1, 16)), 'ML_BAD_INPUT');
    for (const bad of [
      { window: 18 },
      { kernelSize: 4 },
      { filters: [8, 0] },
      { epochs: 0 },
      { learningRate: -1 },
      { validationSplit: 0.9 },
      { scoring: 'future' },
    ]) {
      expectMlError(() => new ConvAutoencoder(bad as ConvAutoencoderOptions), 'ML_BAD_INPUT');
    }
  });

  it('rejects corrupt states with ML_BAD_STATE', () => {
    const state = ae.serialize();
    const broken: unknown[] = [
      { ...state, version: 2 },
      { ...state, weights: state.weights.slice(1) },
      { ...state, weights: ['%%%', ...state.weights.slice(1)] },
      { ...state, weights: [state.weights[1], ...state.weights.slice(1)] },
      { ...state, window: 10 },
      { ...state, scoring: 'future' },
      { ...state, scalerScale: state.scalerScale.map(() => 0) },
      { ...state, training: { ...state.training, backend: 'gpu' } },
    ];
    for (const s of broken) expectMlError(() => deserializeDetector(s), 'ML_BAD_STATE');
  });
});
