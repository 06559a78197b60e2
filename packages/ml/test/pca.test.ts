import { describe, expect, it } from 'vitest';
import { fromRows, Pca, zeros, type Matrix } from '../src';
import { correlated, gaussianWithOutliers } from './support/datasets';
import { expectMlError } from './support/expect-error';

const mean = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;

function permuteColumns(X: Matrix, order: number[]): Matrix {
  const data = new Float64Array(X.data.length);
  for (let i = 0; i < X.rows; i++) order.forEach((src, j) => (data[i * X.cols + j] = X.data[i * X.cols + src]!));
  return { rows: X.rows, cols: X.cols, data };
}

describe('PCA detector', () => {
  it('Hotelling T² averages k(n−1)/n on its training rows and SPE is 0 when every component is kept', () => {
    const { train } = gaussianWithOutliers(1, 300, 10, 4);
    for (const k of [2, 4]) {
      const pca = new Pca({ nComponents: k });
      pca.fit(train);
      const { t2, spe } = pca.statistics(train);
      expect(mean(t2)).toBeCloseTo((k * (train.rows - 1)) / train.rows, 10);
      if (k === 4) expect(Math.max(...spe)).toBeLessThan(1e-20);
      else expect(mean(spe)).toBeGreaterThan(0.1);
    }
  });

  it('flags a row that breaks the correlation by SPE far more than by T²', () => {
    const { train, test, labels } = correlated(2);
    const pca = new Pca({ nComponents: 2 });
    pca.fit(train);
    const { t2, spe } = pca.statistics(test);
    const byLabel = (xs: Float64Array, l: number): number => mean(Array.from(xs).filter((_, i) => labels[i] === l));
    expect(byLabel(spe, 1) / byLabel(spe, 0)).toBeGreaterThan(20);
    expect(byLabel(spe, 1) / byLabel(spe, 0)).toBeGreaterThan(byLabel(t2, 1) / byLabel(t2, 0));
    const score = pca.score(test);
    expect(byLabel(score, 1)).toBeGreaterThan(byLabel(score, 0));
  });

  it("with statistic 't2-spe' scores T² + SPE/λ_min, separates correlation breaks better than PyOD's score, and keeps it through JSON", () => {
    const { train, test, labels } = correlated(2);
    const pca = new Pca({ nComponents: 2, statistic: 't2-spe' });
    pca.fit(train);
    const { t2, spe } = pca.statistics(test);
    const lambdaMin = pca.fittedModel.explainedVariance[1]!;
    const score = pca.score(test);
    score.forEach((s, i) => expect(s).toBeCloseTo(t2[i]! + spe[i]! / lambdaMin, 9));
    const pyod = new Pca({ nComponents: 2 });
    pyod.fit(train);
    const ratio = (xs: Float64Array): number => {
      const by = (l: number) => mean(Array.from(xs).filter((_, i) => labels[i] === l));
      return by(1) / by(0);
    };
    expect(ratio(score)).toBeGreaterThan(ratio(pyod.score(test)));
    const back = Pca.fromState(JSON.parse(JSON.stringify(pca.serialize())));
    expect(back.score(test)).toEqual(score);
    expect(pyod.serialize()).not.toHaveProperty('statistic');
    expectMlError(() => new Pca({ statistic: 'mahalanobis' as never }), 'ML_BAD_INPUT');
  });

  it('gives the same scores, T² and SPE when the columns are permuted (no dependence on eigenvector order or sign)', () => {
    const { train, test } = gaussianWithOutliers(6, 200, 30, 5);
    const order = [3, 0, 4, 1, 2];
    const a = new Pca({ nComponents: 3 });
    const b = new Pca({ nComponents: 3 });
    a.fit(train);
    b.fit(permuteColumns(train, order));
    const sa = a.statistics(test);
    const sb = b.statistics(permuteColumns(test, order));
    const pa = a.score(test);
    const pb = b.score(permuteColumns(test, order));
    for (let i = 0; i < test.rows; i++) {
      expect(sb.t2[i]).toBeCloseTo(sa.t2[i]!, 9);
      expect(sb.spe[i]).toBeCloseTo(sa.spe[i]!, 9);
      expect(pb[i]).toBeCloseTo(pa[i]!, 9);
    }
  });

  it('keeps the fewest components whose variance ratio exceeds a fraction', () => {
    const { train } = correlated(3);
    const pca = new Pca({ nComponents: 0.8 });
    pca.fit(train);
    const ratios = pca.fittedModel.explainedVarianceRatio;
    const total = ratios.reduce((x, y) => x + y, 0);
    expect(total).toBeGreaterThan(0.8);
    expect(total - ratios[ratios.length - 1]!).toBeLessThanOrEqual(0.8);
  });

  it('serializes to JSON and back with identical scores and statistics', () => {
    const { train, test } = gaussianWithOutliers(7);
    for (const options of [{}, { standardization: false, weighted: false, nComponents: 3, nSelectedComponents: 1 }]) {
      const pca = new Pca(options);
      pca.fit(train);
      const back = Pca.fromState(JSON.parse(JSON.stringify(pca.serialize())));
      expect(back.score(test)).toEqual(pca.score(test));
      expect(back.statistics(test)).toEqual(pca.statistics(test));
    }
  });

  it('fails with stable codes on bad options, degenerate data, unfitted use and bad input', () => {
    expectMlError(() => new Pca({ nComponents: 1.5 }), 'ML_BAD_INPUT');
    expectMlError(() => new Pca({ nComponents: 0 }), 'ML_BAD_INPUT');
    expectMlError(() => new Pca({ nSelectedComponents: 0 }), 'ML_BAD_INPUT');
    const { train } = gaussianWithOutliers(8, 50, 5, 3);
    expectMlError(() => new Pca({ nComponents: 4 }).fit(train), 'ML_BAD_INPUT');
    expectMlError(() => new Pca({ nComponents: 2, nSelectedComponents: 3 }).fit(train), 'ML_BAD_INPUT');
    expectMlError(() => new Pca().fit(fromRows([[1, 2]])), 'ML_BAD_INPUT');
    expectMlError(() => new Pca().fit(zeros(0, 3)), 'ML_BAD_INPUT');
    // A column that copies another leaves a zero-variance component: PyOD would divide by 0.
    expectMlError(
      () =>
        new Pca().fit(
          fromRows([
            [1, 1],
            [2, 2],
            [4, 4],
          ]),
        ),
      'ML_BAD_INPUT',
    );
    expectMlError(
      () =>
        new Pca().fit(
          fromRows([
            [1, 1],
            [1, 1],
          ]),
        ),
      'ML_BAD_INPUT',
    );
    const pca = new Pca();
    expectMlError(() => pca.score(train), 'ML_NOT_FITTED');
    expectMlError(() => pca.statistics(train), 'ML_NOT_FITTED');
    pca.fit(train);
    expectMlError(() => pca.score(fromRows([[1, 2]])), 'ML_BAD_INPUT');
    expectMlError(() => pca.spe(fromRows([[1, 2, NaN]])), 'ML_BAD_INPUT');
    const state = pca.serialize();
    expectMlError(() => Pca.fromState({ ...state, components: state.components.slice(1) }), 'ML_BAD_STATE');
    expectMlError(() => Pca.fromState({ ...state, explainedVariance: state.explainedVariance.map(() => 0) }), 'ML_BAD_STATE');
    expectMlError(() => Pca.fromState({ ...state, kind: 'ecod' }), 'ML_BAD_STATE');
  });
});
