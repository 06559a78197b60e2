import { describe, expect, it } from 'vitest';
import { intervalCoverage, meanIntervalWidth, phm08Score, rmse } from '../src';
import { expectMlError } from './support/expect-error';

describe('RUL metrics', () => {
  it('RMSE over units', () => {
    expect(rmse([10, 20], [23, 10])).toBeCloseTo(Math.sqrt((169 + 100) / 2), 12);
    expect(rmse([5], [5])).toBe(0);
  });

  it('PHM08 score: e^(−d/13) − 1 early, e^(d/10) − 1 late, d = predicted − true', () => {
    expect(phm08Score([10, 20], [23, 10])).toBeCloseTo(2 * (Math.E - 1), 12);
    expect(phm08Score([7], [7])).toBe(0);
    expect(phm08Score([0], [26])).toBeCloseTo(Math.exp(2) - 1, 12);
    expect(phm08Score([20], [0])).toBeCloseTo(Math.exp(2) - 1, 12);
    expect(phm08Score([110], [100])).toBeGreaterThan(phm08Score([90], [100])); // late costs more than early
  });

  it('coverage counts closed intervals; width is their mean', () => {
    expect(intervalCoverage([1, 2, 3, 4], [1, 0, 3.5, 0], [2, 1, 4, 4])).toBe(0.5);
    expect(meanIntervalWidth([0, 1], [2, 5])).toBe(3);
  });

  it('coverage takes an upper bound of +Infinity as an interval open above', () => {
    expect(intervalCoverage([1, 500, 3], [0, 100, 4], [2, Infinity, Infinity])).toBeCloseTo(2 / 3, 12);
  });

  it('fails with ML_BAD_INPUT on unequal lengths, empty or non-finite input', () => {
    expectMlError(() => rmse([1], [1, 2]), 'ML_BAD_INPUT');
    expectMlError(() => phm08Score([], []), 'ML_BAD_INPUT');
    expectMlError(() => phm08Score([NaN], [1]), 'ML_BAD_INPUT');
    expectMlError(() => intervalCoverage([1], [0], [NaN]), 'ML_BAD_INPUT');
    expectMlError(() => intervalCoverage([1], [0], [-Infinity]), 'ML_BAD_INPUT');
    expectMlError(() => intervalCoverage([1], [-Infinity], [2]), 'ML_BAD_INPUT');
    expectMlError(() => intervalCoverage([Infinity], [0], [Infinity]), 'ML_BAD_INPUT');
  });
});
