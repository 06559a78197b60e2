import { describe, expect, it } from 'vitest';
import { Ecod, ecodScores, fromRows, zeros } from '../src';
import { gaussianWithOutliers } from './support/datasets';
import { expectMlError } from './support/expect-error';

describe('ECOD', () => {
  it('computes tail probabilities by hand on a tiny column with ties and zero skewness', () => {
    // Column [1, 2, 2, 3]: F = [.25, .75, .75, 1], F(−x) = [1, .75, .75, .25]; skewness 0 → U_l + U_r.
    const scores = ecodScores(fromRows([[1], [2], [2], [3]]));
    expect(scores[0]).toBeCloseTo(Math.log(4), 14);
    expect(scores[1]).toBeCloseTo(-2 * Math.log(0.75), 14);
    expect(scores[2]).toBe(scores[1]);
    expect(scores[3]).toBeCloseTo(Math.log(4), 14);
  });

  it('takes the larger tail when the column is skewed (U_skew is then U_l or U_r)', () => {
    // Column [0, 0, 1, 10]: F = [.5, .5, .75, 1], F(−x) = [1, 1, .5, .25].
    const scores = ecodScores(fromRows([[0], [0], [1], [10]]));
    expect(scores[0]).toBeCloseTo(Math.log(2), 14);
    expect(scores[1]).toBe(scores[0]);
    expect(scores[2]).toBeCloseTo(Math.log(2), 14);
    expect(scores[3]).toBeCloseTo(Math.log(4), 14);
  });

  it('scores planted outliers above inliers', () => {
    const { train, test, labels } = gaussianWithOutliers(3);
    const ecod = new Ecod();
    ecod.fit(train);
    const s = ecod.score(test);
    const mean = (want: number): number =>
      labels.reduce((a, l, i) => (l === want ? a + s[i]! : a), 0) / labels.filter((l) => l === want).length;
    expect(labels.filter((l) => l === 1).length).toBeGreaterThan(3);
    expect(mean(1)).toBeGreaterThan(mean(0) + 5);
  });

  it('scores a batch against training + batch, as PyOD does (a row alone ≠ the same row in a batch)', () => {
    const { train, test } = gaussianWithOutliers(4);
    const ecod = new Ecod();
    ecod.fit(train);
    const batch = ecod.score(test);
    const alone = ecod.score({ rows: 1, cols: test.cols, data: test.data.slice(0, test.cols) });
    expect(alone[0]).not.toBe(batch[0]);
    expect(Math.abs(alone[0]! - batch[0]!)).toBeLessThan(0.5 * batch[0]!);
  });

  it('serializes to JSON and back with identical scores; rejects a bad state with ML_BAD_STATE', () => {
    const { train, test } = gaussianWithOutliers(5);
    const ecod = new Ecod();
    ecod.fit(train);
    const state = JSON.parse(JSON.stringify(ecod.serialize())) as ReturnType<Ecod['serialize']>;
    expect(Ecod.fromState(state).score(test)).toEqual(ecod.score(test));
    expectMlError(() => Ecod.fromState({ ...state, train: state.train.slice(1) }), 'ML_BAD_STATE');
    expectMlError(() => Ecod.fromState({ ...state, version: 2 }), 'ML_BAD_STATE');
    expectMlError(() => Ecod.fromState({ ...state, train: [...state.train.slice(1), 'x'] }), 'ML_BAD_STATE');
  });

  it('fails with stable codes: not fitted, empty, NaN, wrong width', () => {
    const ecod = new Ecod();
    expectMlError(() => ecod.score(fromRows([[1, 2]])), 'ML_NOT_FITTED');
    expectMlError(() => ecod.serialize(), 'ML_NOT_FITTED');
    expectMlError(() => ecod.fit(zeros(0, 2)), 'ML_BAD_INPUT');
    expectMlError(() => ecod.fit(fromRows([[1, NaN]])), 'ML_BAD_INPUT');
    ecod.fit(
      fromRows([
        [1, 2],
        [3, 4],
      ]),
    );
    expectMlError(() => ecod.score(fromRows([[1, 2, 3]])), 'ML_BAD_INPUT');
  });
});
