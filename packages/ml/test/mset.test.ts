import { describe, expect, it } from 'vitest';
import { deserializeDetector, Ecod, fromRows, Mset, type Matrix } from '../src';
import { correlated, gaussianWithOutliers } from './support/datasets';
import { expectMlError } from './support/expect-error';

const auc = (scores: ArrayLike<number>, labels: number[]): number => {
  let wins = 0;
  let pairs = 0;
  labels.forEach((a, i) =>
    labels.forEach((b, j) => {
      if (a === 1 && b === 0) {
        pairs++;
        wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
    }),
  );
  return wins / pairs;
};

describe('MSET detector', () => {
  it('reproduces every memory state (interpolation) when the memory holds all rows and there is no ridge', () => {
    const { train } = gaussianWithOutliers(3, 60, 10, 4, 0);
    for (const kernel of ['gaussian', 'ratio'] as const) {
      const mset = new Mset({ kernel, ridge: 0, memorySize: 100 });
      mset.fit(train);
      expect(Math.max(...mset.score(train))).toBeLessThan(1e-6);
    }
  });

  it('keeps the rows holding each column minimum and maximum in a bounded memory', () => {
    const { train } = gaussianWithOutliers(4, 500, 10, 5, 0);
    const mset = new Mset({ memorySize: 40 });
    mset.fit(train);
    const state = mset.serialize();
    expect(state.memory.length).toBe(40 * 5);
    const memoryRows = Array.from({ length: 40 }, (_, a) => state.memory.slice(a * 5, a * 5 + 5));
    for (let j = 0; j < 5; j++) {
      const column = Array.from({ length: train.rows }, (_, i) => (train.data[i * 5 + j]! - state.mean[j]!) / state.scale[j]!);
      expect(memoryRows.some((r) => Math.abs(r[j]! - Math.min(...column)) < 1e-12)).toBe(true);
      expect(memoryRows.some((r) => Math.abs(r[j]! - Math.max(...column)) < 1e-12)).toBe(true);
    }
  });

  it('flags rows that break the correlation between columns, which a per-column detector (ECOD) cannot see', () => {
    for (const seed of [2, 5, 9]) {
      const { train, test, labels } = correlated(seed);
      const mset = new Mset();
      const ecod = new Ecod();
      mset.fit(train);
      ecod.fit(train);
      const ours = auc(mset.score(test), labels);
      expect(ours).toBeGreaterThan(0.8);
      expect(ours).toBeGreaterThan(auc(ecod.score(test), labels) + 0.2);
    }
  });

  it('names the shifted column as the top contributor', () => {
    const { train } = gaussianWithOutliers(6, 300, 10, 4, 0);
    const mset = new Mset();
    mset.fit(train);
    const probe: Matrix = fromRows([[0, 1, 2, 3]]);
    const shifted = fromRows([[0, 1, 2 + 8 * 2, 3]]);
    expect(mset.score(shifted)[0]).toBeGreaterThan(3 * mset.score(probe)[0]!);
    const shares = Array.from(mset.contributions(shifted).data);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(shares.indexOf(Math.max(...shares))).toBe(2);
  });

  it('serializes to JSON and deserializes to bit-identical scores through the registry', () => {
    const { train, test } = gaussianWithOutliers(7, 300, 50, 5);
    for (const options of [{}, { kernel: 'ratio' as const, memorySize: 50 }, { bandwidth: 2, ridge: 0.1 }]) {
      const mset = new Mset(options);
      mset.fit(train);
      const copy = deserializeDetector(JSON.parse(JSON.stringify(mset.serialize())));
      expect(copy.kind).toBe('mset');
      expect(Array.from(copy.score(test))).toEqual(Array.from(mset.score(test)));
    }
  });

  it('fails with stable codes on bad options, input and state', () => {
    expectMlError(() => new Mset({ memorySize: 1 }), 'ML_BAD_INPUT');
    expectMlError(() => new Mset({ bandwidth: 0 }), 'ML_BAD_INPUT');
    expectMlError(() => new Mset({ ridge: -1 }), 'ML_BAD_INPUT');
    expectMlError(() => new Mset({ kernel: 'cosine' as never }), 'ML_BAD_INPUT');
    const mset = new Mset();
    expectMlError(() => mset.score(fromRows([[1, 2]])), 'ML_NOT_FITTED');
    expectMlError(() => mset.serialize(), 'ML_NOT_FITTED');
    expectMlError(() => mset.fit(fromRows([[1, 2]])), 'ML_BAD_INPUT');
    expectMlError(
      () =>
        mset.fit(
          fromRows([
            [1, 2],
            [3, NaN],
          ]),
        ),
      'ML_BAD_INPUT',
    );
    mset.fit(
      fromRows([
        [1, 2],
        [3, 5],
        [4, 4],
      ]),
    );
    expectMlError(() => mset.score(fromRows([[1, 2, 3]])), 'ML_BAD_INPUT');
    const state = mset.serialize();
    expectMlError(() => Mset.fromState({ ...state, version: 2 }), 'ML_BAD_STATE');
    expectMlError(() => Mset.fromState({ ...state, memory: [1, 2, 3] }), 'ML_BAD_STATE');
    expectMlError(() => Mset.fromState({ ...state, kernel: 'x' }), 'ML_BAD_STATE');
    expectMlError(() => Mset.fromState({ ...state, mean: [0] }), 'ML_BAD_STATE');
  });
});
