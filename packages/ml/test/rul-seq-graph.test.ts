import type { Tensor, Tensor3D } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, initNnBackend, sequenceWeightSpecs, tcnReceptiveField, type SequenceArchitecture } from '../src';
import { requireNn, type Tf } from '../src/nn/backend';
import { initialSequenceWeights } from '../src/rul/seq-arch';
import { sequenceForward } from '../src/rul/seq-graph';

// The hand-written graph checked against tfjs' own layers (forward only, which every backend runs) with the same weights.
let tf: Tf;
beforeAll(async () => {
  await initNnBackend();
  tf = requireNn('test').tf;
});

function randomInput(seed: number, batch: number, a: SequenceArchitecture): Tensor3D {
  const rng = createRng(seed);
  return tf.tensor3d(
    Float32Array.from({ length: batch * a.window * a.features }, () => rng.uniform(-2, 2)),
    [batch, a.window, a.features],
  );
}

/** Random (not initial) weights, so biases and the forget-gate offset are all exercised. */
function randomWeights(a: SequenceArchitecture, seed: number): Tensor[] {
  const rng = createRng(seed);
  return sequenceWeightSpecs(a).map((s) =>
    tf.tensor(
      Float32Array.from({ length: s.shape.reduce((p, d) => p * d, 1) }, () => rng.uniform(-0.5, 0.5)),
      [...s.shape],
    ),
  );
}

function maxAbsDiff(a: Tensor, b: Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(tf.reshape(a, [-1]), tf.reshape(b, [-1])))).dataSync()[0]!);
}

describe('sequence graph', () => {
  for (const kind of ['lstm', 'gru'] as const) {
    it(`${kind}: equals tf.layers.${kind} (2 stacked layers) + dense head with the same weights`, () => {
      const a: SequenceArchitecture = { kind, window: 12, features: 5, units: 7, layers: 2, kernelSize: 3, dense: 4 };
      const weights = randomWeights(a, 1);
      const model = tf.sequential();
      const rnn = kind === 'lstm' ? tf.layers.lstm : tf.layers.gru;
      // tfjs defaults the recurrent activation to hard sigmoid (Keras 1); ours is the logistic sigmoid (Keras 2).
      model.add(rnn({ units: 7, returnSequences: true, inputShape: [12, 5], recurrentActivation: 'sigmoid' }));
      model.add(rnn({ units: 7, recurrentActivation: 'sigmoid' }));
      model.add(tf.layers.dense({ units: 4, activation: 'relu' }));
      model.add(tf.layers.dense({ units: 1 }));
      model.setWeights(weights);
      const x = randomInput(2, 9, a);
      const ours = sequenceForward(tf, a, weights, x);
      const theirs = model.predict(x) as Tensor;
      expect(ours.shape).toEqual([9]);
      expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-5);
      expect(tf.tidy(() => tf.max(tf.abs(ours)).dataSync()[0]!)).toBeGreaterThan(0.05);
      tf.dispose([...weights, x, ours, theirs]);
      model.dispose();
    });
  }

  it('tcn: each block equals tf.conv1d with left padding and dilation, with a 1×1 residual on the first block', () => {
    const a: SequenceArchitecture = { kind: 'tcn', window: 16, features: 3, units: 6, layers: 3, kernelSize: 3, dense: 4 };
    const weights = randomWeights(a, 3);
    const x = randomInput(4, 5, a);
    const ours = sequenceForward(tf, a, weights, x);
    const theirs = tf.tidy(() => {
      let h: Tensor3D = x;
      let next = 0;
      const conv = (input: Tensor3D, d: number): Tensor3D => {
        const [W, b] = [weights[next++]!, weights[next++]!];
        const cin = input.shape[2];
        const padded = tf.pad(input, [
          [0, 0],
          [2 * d, 0],
          [0, 0],
        ]);
        return tf.relu(tf.add(tf.conv1d(padded, tf.reshape(W, [3, cin, 6]), 1, 'valid', 'NWC', d), b)) as Tensor3D;
      };
      for (let l = 0; l < 3; l++) {
        const input = h;
        const y = conv(conv(input, 2 ** l), 2 ** l);
        const skip = l === 0 ? tf.add(tf.conv1d(input, tf.reshape(weights[next++]!, [1, 3, 6]), 1, 'valid'), weights[next++]!) : input;
        h = tf.relu(tf.add(y, skip)) as Tensor3D;
      }
      const last = tf.reshape(tf.slice(h, [0, 15, 0], [5, 1, 6]), [5, 6]);
      const hidden = tf.relu(tf.add(tf.matMul(last, weights[next++]!), weights[next++]!));
      return tf.add(tf.matMul(hidden, weights[next++]!), weights[next++]!);
    });
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-5);
    tf.dispose([...weights, x, ours, theirs]);
  });

  it('tcn: is causal, and sees exactly its receptive field back from the last step', () => {
    const a: SequenceArchitecture = { kind: 'tcn', window: 20, features: 2, units: 4, layers: 2, kernelSize: 3, dense: 4 };
    expect(tcnReceptiveField(3, 2)).toBe(13);
    const weights = initialSequenceWeights(a, 5).map((w, i) => tf.tensor(w, [...sequenceWeightSpecs(a)[i]!.shape]));
    const base = randomInput(6, 1, a);
    const predictWithStep = (step: number): number =>
      tf.tidy(() => {
        const delta = tf.buffer([1, 20, 2]);
        delta.set(3, 0, step, 0);
        return sequenceForward(tf, a, weights, tf.add(base, delta.toTensor()) as Tensor3D).dataSync()[0]!;
      });
    const reference = tf.tidy(() => sequenceForward(tf, a, weights, base).dataSync()[0]!);
    expect(predictWithStep(20 - 13)).not.toBe(reference); // oldest step inside the field
    expect(predictWithStep(20 - 14)).toBe(reference); // one step older: outside
    tf.dispose([...weights, base]);
  });

  it('draws the same initial weights for a seed, with Keras’ forget-gate bias of 1', () => {
    const a: SequenceArchitecture = { kind: 'lstm', window: 5, features: 3, units: 4, layers: 1, kernelSize: 3, dense: 2 };
    const w1 = initialSequenceWeights(a, 9);
    expect(w1.map((w) => Array.from(w))).toEqual(initialSequenceWeights(a, 9).map((w) => Array.from(w)));
    expect(Array.from(w1[2]!)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const limit = Math.sqrt(6 / (3 + 4));
    expect(w1[0]!.every((v) => Math.abs(v) <= limit)).toBe(true);
    expect(Array.from(initialSequenceWeights(a, 10)[0]!)).not.toEqual(Array.from(w1[0]!));
  });
});
