import { describe, expect, it } from 'vitest';
import { causalEwma, causalMovingAverage, createRng } from '../src';
import { expectMlError } from './support/expect-error';

describe('causal exponentially weighted average', () => {
  it('follows out[i] = α·x[i] + (1 − α)·out[i − 1] from out[0] = x[0], α = 2/(span + 1)', () => {
    // span 3: α = 0.5
    expect(Array.from(causalEwma([4, 0, 2, 8], 3))).toEqual([4, 2, 2, 5]);
    expect(Array.from(causalEwma([3, 1, 2], 1))).toEqual([3, 1, 2]);
    expect(causalEwma([], 5).length).toBe(0);
  });

  it('uses no future point: changing a later value leaves earlier outputs unchanged', () => {
    const a = causalEwma([1, 2, 3, 4, 5], 4);
    const b = causalEwma([1, 2, 3, 40, 50], 4);
    expect(Array.from(b.subarray(0, 3))).toEqual(Array.from(a.subarray(0, 3)));
    expect(b[3]).not.toBe(a[3]);
  });

  it('reaches half a step sooner than the moving average of the same window, with the same noise variance', () => {
    const step = Float64Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 1));
    const half = (y: Float64Array): number => y.findIndex((v, i) => i >= 20 && v >= 0.5) - 20 + 1;
    expect(half(causalMovingAverage(step, 10))).toBe(5);
    expect(half(causalEwma(step, 10))).toBe(4);
    const rng = createRng(11);
    const noise = Float64Array.from({ length: 200_000 }, () => rng.next() - 0.5); // variance 1/12
    const variance = (y: Float64Array): number => {
      const tail = y.subarray(100);
      const m = tail.reduce((a, v) => a + v, 0) / tail.length;
      return tail.reduce((a, v) => a + (v - m) ** 2, 0) / tail.length;
    };
    // α/(2 − α) = 1/10 of the input's, as for a 10-point mean
    expect(variance(causalEwma(noise, 10)) * 12).toBeCloseTo(0.1, 2);
    expect(variance(causalMovingAverage(noise, 10)) * 12).toBeCloseTo(0.1, 2);
  });

  it('fails with ML_BAD_INPUT on a window that is not an integer ≥ 1', () => {
    expectMlError(() => causalEwma([1], 0), 'ML_BAD_INPUT');
    expectMlError(() => causalEwma([1], 2.5), 'ML_BAD_INPUT');
  });
});
