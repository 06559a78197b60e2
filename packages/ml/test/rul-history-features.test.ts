import { describe, expect, it } from 'vitest';
import { fromRows, historyFeatureNames, historyFeatures } from '../src';
import { expectMlError } from './support/expect-error';

describe('history features', () => {
  it('gives the last value, short and long means, the long slope, the drift and the cycle', () => {
    const values = [1, 2, 4, 8, 16, 32];
    const unit = { unit: 1, cycles: Float64Array.from(values, (_, i) => i + 1), features: fromRows(values.map((v) => [v])) };
    const all = historyFeatures([unit], 'all', { long: 4, short: 2 });
    expect([all.rows, all.cols]).toEqual([6, 6]);
    // Row t = 5: window [4, 8, 16, 32] → mean 15; slope Σ(x − 1.5)·y / Σ(x − 1.5)² = 46 / 5; first 4 cycles' mean 15/4.
    expect(Array.from(all.data.subarray(30, 36))).toEqual([32, 24, 15, 9.2, 15 - 3.75, 6]);
    // Row t = 0: one cycle, slope 0, drift 0.
    expect(Array.from(all.data.subarray(0, 6))).toEqual([1, 1, 1, 0, 0, 1]);
    const last = historyFeatures([unit, { ...unit, unit: 2 }], 'last', { long: 4, short: 2 });
    expect(Array.from(last.data)).toEqual([...all.data.subarray(30, 36), ...all.data.subarray(30, 36)]);
    expectMlError(() => historyFeatures([unit], 'all', { long: 2, short: 3 }), 'ML_BAD_INPUT');
  });
});

describe('history features: exponentially weighted means and operating history', () => {
  const values = [1, 2, 4, 8];
  const unit = {
    unit: 1,
    cycles: Float64Array.from(values, (_, i) => i + 1),
    features: fromRows(values.map((v) => [v, -v])),
    regime: [2, 0, 2, 2],
  };

  it('appends bias-corrected EWM means per sensor after the cycle, then the regime and the cycles spent in each', () => {
    const m = historyFeatures([unit], 'all', { long: 2, short: 1, ewm: [3], regimes: 3 });
    const names = historyFeatureNames(['a', 'b'], { ewm: [3], regimes: 3 });
    expect(names.slice(10)).toEqual(['cycle', 'a:ewm3', 'b:ewm3', 'regime', 'cyclesInRegime0', 'cyclesInRegime1', 'cyclesInRegime2']);
    expect(m.cols).toBe(names.length);
    const row = (t: number): number[] => Array.from(m.data.subarray(t * m.cols + 11, (t + 1) * m.cols));
    // Span 3: α = 0.5. Row 0 is the value itself (no bias towards 0); row 1: (2 + 0.5·1)/1.5; row 3: (8 + 0.5·4 + 0.25·2 + 0.125·1)/1.875.
    expect(row(0)).toEqual([1, -1, 2, 0, 0, 1]);
    expect(row(1)[0]).toBeCloseTo(2.5 / 1.5, 12);
    expect(row(1).slice(2)).toEqual([0, 1, 0, 1]);
    expect(row(3)[0]).toBeCloseTo(10.625 / 1.875, 12);
    expect(row(3)[1]).toBeCloseTo(-10.625 / 1.875, 12);
    expect(row(3).slice(2)).toEqual([2, 1, 0, 3]);
    // The cycle keeps its column (index 10) when EWM means and the operating history follow it.
    expect(Array.from({ length: 4 }, (_, t) => m.data[t * m.cols + 10])).toEqual([1, 2, 3, 4]);
    // The last row alone equals the last row of the full matrix; without the options nothing is appended.
    const last = historyFeatures([unit], 'last', { long: 2, short: 1, ewm: [3], regimes: 3 });
    expect(Array.from(last.data)).toEqual(Array.from(m.data.subarray(3 * m.cols)));
    expect(historyFeatures([unit], 'all', { long: 2, short: 1 }).cols).toBe(11);
    expect(historyFeatures([unit], 'all', { long: 2, short: 1, regimes: 1 }).cols).toBe(11);
  });

  it('refuses a span below 1, a missing regime or one out of range', () => {
    expectMlError(() => historyFeatures([unit], 'all', { ewm: [0.5] }), 'ML_BAD_INPUT');
    expectMlError(() => historyFeatures([{ ...unit, regime: undefined }], 'all', { regimes: 3 }), 'ML_BAD_INPUT');
    expectMlError(() => historyFeatures([unit], 'all', { regimes: 2 }), 'ML_BAD_INPUT');
    expectMlError(() => historyFeatures([unit], 'all', { regimes: 1.5 }), 'ML_BAD_INPUT');
  });
});
