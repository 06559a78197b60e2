import { describe, expect, it } from 'vitest';
import { averagePathLength, fromRows, IsolationForest, zeros } from '../src';
import { gaussianWithOutliers } from './support/datasets';
import { expectMlError } from './support/expect-error';

describe('Isolation Forest', () => {
  it('c(n) is the average unsuccessful-search path length: c(1) = 0, c(2) = 1, c(256) ≈ 10.24', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(3)).toBeCloseTo(2 * (Math.log(2) + 0.5772156649015329) - 4 / 3, 14);
    expect(averagePathLength(256)).toBeCloseTo(10.2448, 3);
  });

  it('scores planted outliers above inliers, all scores in (0, 1)', () => {
    const { train, test, labels } = gaussianWithOutliers(9);
    const forest = new IsolationForest({ seed: 1 });
    forest.fit(train);
    const s = Array.from(forest.score(test));
    for (const v of s) expect(v > 0 && v < 1).toBe(true);
    const worstOutlier = Math.min(...s.filter((_, i) => labels[i] === 1));
    const inliers = s.filter((_, i) => labels[i] === 0).sort((a, b) => a - b);
    expect(worstOutlier).toBeGreaterThan(inliers[Math.floor(inliers.length * 0.9)]!);
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const { train, test } = gaussianWithOutliers(10);
    const run = (seed: number): Float64Array => {
      const f = new IsolationForest({ seed, nEstimators: 20 });
      f.fit(train);
      return f.score(test);
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('grows each tree on min(maxSamples, n) rows to depth ⌈log₂ ψ⌉', () => {
    const { train } = gaussianWithOutliers(11, 1000, 1);
    const forest = new IsolationForest({ nEstimators: 5, seed: 2 });
    forest.fit(train);
    const state = forest.serialize();
    expect(state.psi).toBe(256);
    for (const tree of state.trees) {
      expect(tree.size[0]).toBe(256);
      const depth = (node: number): number =>
        tree.feature[node]! < 0 ? 0 : 1 + Math.max(depth(tree.left[node]!), depth(tree.right[node]!));
      expect(depth(0)).toBeLessThanOrEqual(8);
      // Leaves partition the sample.
      expect(tree.feature.reduce((a, f, i) => (f < 0 ? a + tree.size[i]! : a), 0)).toBe(256);
    }
    const small = new IsolationForest({ nEstimators: 1 });
    small.fit(fromRows([[1], [2], [3]]));
    expect(small.serialize().psi).toBe(3);
  });

  it('gives every row the same score on constant data (nothing can be split)', () => {
    const forest = new IsolationForest({ nEstimators: 10 });
    forest.fit(fromRows(Array.from({ length: 50 }, () => [3, 3])));
    const s = forest.score(
      fromRows([
        [3, 3],
        [100, -100],
      ]),
    );
    expect(s[0]).toBe(s[1]);
  });

  it('serializes to JSON and back with identical scores; rejects malformed trees with ML_BAD_STATE', () => {
    const { train, test } = gaussianWithOutliers(12);
    const forest = new IsolationForest({ nEstimators: 30, seed: 5 });
    forest.fit(train);
    const state = JSON.parse(JSON.stringify(forest.serialize())) as ReturnType<IsolationForest['serialize']>;
    expect(IsolationForest.fromState(state).score(test)).toEqual(forest.score(test));
    const tree = state.trees[0]!;
    const cyclic = { ...tree, left: tree.left.map((c, i) => (tree.feature[i]! >= 0 ? 0 : c)) };
    expectMlError(() => IsolationForest.fromState({ ...state, trees: [cyclic] }), 'ML_BAD_STATE');
    expectMlError(() => IsolationForest.fromState({ ...state, trees: [] }), 'ML_BAD_STATE');
    expectMlError(
      () => IsolationForest.fromState({ ...state, trees: [{ ...tree, feature: tree.feature.map((f) => (f >= 0 ? 99 : f)) }] }),
      'ML_BAD_STATE',
    );
  });

  it('fails with stable codes on bad options and input', () => {
    expectMlError(() => new IsolationForest({ nEstimators: 0 }), 'ML_BAD_INPUT');
    expectMlError(() => new IsolationForest({ maxSamples: 2.5 }), 'ML_BAD_INPUT');
    expectMlError(() => new IsolationForest({ seed: 0.5 }), 'ML_BAD_INPUT');
    const forest = new IsolationForest({ nEstimators: 3 });
    expectMlError(() => forest.score(fromRows([[1]])), 'ML_NOT_FITTED');
    expectMlError(() => forest.fit(zeros(0, 1)), 'ML_BAD_INPUT');
    expectMlError(() => forest.fit(fromRows([[Infinity]])), 'ML_BAD_INPUT');
    forest.fit(fromRows([[1], [2]]));
    expectMlError(() => forest.score(fromRows([[1, 2]])), 'ML_BAD_INPUT');
  });
});
