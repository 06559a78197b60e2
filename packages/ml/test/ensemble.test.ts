import { describe, expect, it } from 'vitest';
import {
  Ecod,
  Ensemble,
  featureContributions,
  fromRows,
  Mset,
  Pca,
  ScoreNormalizer,
  topContributors,
  type Detector,
  type Matrix,
} from '../src';
import { gaussianWithOutliers } from './support/datasets';
import { expectMlError } from './support/expect-error';

describe('score normalisation', () => {
  it('robust: 0 up to the calibration median, ½ at its 99th percentile, increasing and below 1 beyond', () => {
    const calibration = Float64Array.from({ length: 101 }, (_, i) => i); // median 50, q99 99
    const n = ScoreNormalizer.fit(calibration).normalize([-5, 50, 99, 148, 1e6]);
    expect(n[0]).toBe(0);
    expect(n[1]).toBe(0);
    expect(n[2]).toBeCloseTo(0.5, 12);
    expect(n[3]).toBeCloseTo(2 / 3, 12);
    expect(n[4]).toBeGreaterThan(0.999);
    expect(n[4]).toBeLessThan(1);
  });

  it('ecdf: the fraction of calibration scores at or below, saturating at 1', () => {
    const n = ScoreNormalizer.fit([1, 2, 3, 4], 'ecdf').normalize([0, 2, 2.5, 4, 99]);
    expect(Array.from(n)).toEqual([0, 0.5, 0.5, 1, 1]);
  });

  it('round-trips its state and rejects bad input and states', () => {
    const n = ScoreNormalizer.fit([3, 1, 4, 1, 5, 9, 2, 6]);
    const copy = ScoreNormalizer.fromState(JSON.parse(JSON.stringify(n.serialize())));
    expect(Array.from(copy.normalize([0, 4, 8]))).toEqual(Array.from(n.normalize([0, 4, 8])));
    expectMlError(() => ScoreNormalizer.fit([]), 'ML_BAD_INPUT');
    expectMlError(() => ScoreNormalizer.fit([1, NaN]), 'ML_BAD_INPUT');
    expectMlError(() => ScoreNormalizer.fromState({ method: 'robust', points: [2, 1] }), 'ML_BAD_STATE');
    expectMlError(() => ScoreNormalizer.fromState({ method: 'zscore', points: [0, 1] }), 'ML_BAD_STATE');
  });
});

describe('ensemble', () => {
  const { train, test, labels } = gaussianWithOutliers(21, 400, 200, 5, 0.05);
  const members = [
    { name: 'mset', create: (): Detector => new Mset() },
    { name: 'pca', create: (): Detector => new Pca(), weight: 2 },
    { name: 'ecod', create: (): Detector => new Ecod() },
  ];

  it('calibrates on out-of-fold scores, which sit above the optimistic in-sample ones (MSET holds its rows)', () => {
    const clean = gaussianWithOutliers(22, 400, 10, 5, 0).train;
    const ens = new Ensemble([members[0]!], { folds: 4 });
    ens.fit(clean);
    const oof = ens.calibration().flatMap((b) => Array.from(b));
    expect(ens.calibration()).toHaveLength(4);
    expect(oof).toHaveLength(400);
    const inSample = ens.score(clean);
    // normalised: 0 up to the out-of-fold median, ½ at its 99th percentile
    const q90 = (xs: ArrayLike<number>): number => Array.from(xs).sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
    expect(q90(oof)).toBeGreaterThan(0.1);
    expect(q90(inSample)).toBeLessThan(q90(oof) / 3);
  });

  it('averages normalised member scores with their weights, in [0, 1], and separates the planted outliers', () => {
    const ens = new Ensemble(members);
    ens.fit(train);
    const combined = ens.score(test);
    const parts = ens.memberScores(test);
    for (let i = 0; i < test.rows; i++) {
      expect(combined[i]).toBeCloseTo((parts[0]!.scores[i]! + 2 * parts[1]!.scores[i]! + parts[2]!.scores[i]!) / 4, 12);
      expect(combined[i]).toBeGreaterThanOrEqual(0);
      expect(combined[i]).toBeLessThan(1);
    }
    const meanOf = (flag: number): number => {
      const xs = Array.from(combined).filter((_, i) => labels[i] === flag);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(meanOf(1)).toBeGreaterThan(meanOf(0) + 0.3);
    const maxEns = new Ensemble(members, { combine: 'max' });
    maxEns.fit(train);
    const maxParts = maxEns.memberScores(test);
    expect(maxEns.score(test)[0]).toBe(Math.max(...maxParts.map((p) => p.scores[0]!)));
  });

  it('serialises to JSON and back to identical scores', () => {
    const ens = new Ensemble(members);
    ens.fit(train);
    const copy = Ensemble.fromState(JSON.parse(JSON.stringify(ens.serialize())));
    expect(Array.from(copy.score(test))).toEqual(Array.from(ens.score(test)));
    expectMlError(() => Ensemble.fromState({ kind: 'ensemble', version: 2 }), 'ML_BAD_STATE');
    expectMlError(() => new Ensemble(members).score(test), 'ML_NOT_FITTED');
    expectMlError(() => new Ensemble([]), 'ML_BAD_INPUT');
    expectMlError(() => new Ensemble(members, { folds: 1 }), 'ML_BAD_INPUT');
    expectMlError(() => new Ensemble(members).fit(fromRows([[1], [2], [3]])), 'ML_BAD_INPUT');
  });

  it('names the shifted column as the top contributor, for MSET (residuals) and PCA/ECOD (leave-one-feature-out)', () => {
    const ens = new Ensemble(members);
    ens.fit(train);
    const row: Matrix = fromRows([[0, 1 + 12 * 1.5, 2, 3, 4]]);
    const shares = ens.contributions(row);
    const top = topContributors(shares.data, ['a:mean', 'b:mean', 'c:mean', 'd:mean', 'b:diff'], 2);
    expect(top.features[0]!.feature).toBe('b:mean');
    expect(top.sensors[0]).toEqual({ sensor: 'b', share: expect.any(Number) });
    expect(Array.from(shares.data).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const pca = new Pca();
    pca.fit(train);
    const lofo = featureContributions(pca, row, [0, 1, 2, 3, 4]);
    expect(Array.from(lofo.data).indexOf(Math.max(...lofo.data))).toBe(1);
    expectMlError(() => featureContributions(pca, row, [0]), 'ML_BAD_INPUT');
  });
});
