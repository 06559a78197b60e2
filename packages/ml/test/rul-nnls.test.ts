import { describe, expect, it } from 'vitest';
import { createRng, fromRows, nonNegativeLeastSquares } from '../src';
import { normal } from './support/cmapss';
import { expectMlError } from './support/expect-error';

const expectBad = (fn: () => unknown): void => expectMlError(fn, 'ML_BAD_INPUT');

describe('nonNegativeLeastSquares', () => {
  it('recovers non-negative weights exactly when y is a combination of the columns', () => {
    const X = fromRows([
      [1, 0, 2],
      [0, 1, 1],
      [1, 1, 0],
      [2, 1, 1],
    ]);
    const w = [0.5, 2, 0.25];
    const y = Array.from({ length: 4 }, (_, i) => w.reduce((s, wj, j) => s + wj * X.data[i * 3 + j]!, 0));
    const got = nonNegativeLeastSquares(X, y);
    w.forEach((wj, j) => expect(got[j]).toBeCloseTo(wj, 9));
  });

  it('puts 0 where least squares would go negative, and solves the rest on the remaining columns', () => {
    // y = 2·a − b: least squares would give (2, −1); with w ≥ 0, b gets 0 and a the least-squares fit on a alone.
    const rng = createRng(3);
    const rows = Array.from({ length: 200 }, () => [normal(rng), normal(rng)]);
    const X = fromRows(rows);
    const y = rows.map(([a, b]) => 2 * a! - b!);
    const got = nonNegativeLeastSquares(X, y);
    const oneColumn = rows.reduce((s, [a], i) => s + a! * y[i]!, 0) / rows.reduce((s, [a]) => s + a! * a!, 0);
    expect(got[1]).toBe(0);
    expect(got[0]).toBeCloseTo(oneColumn, 9);
  });

  it('stacks two noisy predictors better than their plain mean when one is worse', () => {
    const rng = createRng(7);
    const truth = Array.from({ length: 2000 }, () => 100 * rng.next());
    const good = truth.map((t) => t + 2 * normal(rng));
    const bad = truth.map((t) => t + 10 * normal(rng));
    const X = fromRows(truth.map((_, i) => [good[i]!, bad[i]!]));
    const [wGood, wBad] = nonNegativeLeastSquares(X, truth);
    // Inverse-variance weights would be 25/26 and 1/26.
    expect(wGood!).toBeGreaterThan(0.9);
    expect(wBad!).toBeLessThan(0.1);
    expect(wBad!).toBeGreaterThanOrEqual(0);
    const sse = (p: (i: number) => number): number => truth.reduce((s, t, i) => s + (p(i) - t) ** 2, 0);
    expect(sse((i) => wGood! * good[i]! + wBad! * bad[i]!)).toBeLessThan(sse((i) => (good[i]! + bad[i]!) / 2));
  });

  it('gives a column of zeros weight 0 and refuses bad input', () => {
    expect(
      Array.from(
        nonNegativeLeastSquares(
          fromRows([
            [0, 1],
            [0, 2],
          ]),
          [2, 4],
        ),
      ),
    ).toEqual([0, 2]);
    expectBad(() => nonNegativeLeastSquares(fromRows([[1], [2]]), [1]));
    expectBad(() => nonNegativeLeastSquares(fromRows([[1], [Number.NaN]]), [1, 2]));
    expectBad(() => nonNegativeLeastSquares(fromRows([[1], [2]]), [1, Number.POSITIVE_INFINITY]));
    expectBad(() => nonNegativeLeastSquares({ rows: 0, cols: 1, data: new Float64Array(0) }, []));
  });
});
