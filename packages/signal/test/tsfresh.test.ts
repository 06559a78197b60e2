import { describe, expect, it } from 'vitest';
import {
  absEnergy,
  autocorrelation,
  autocorrelationsInto,
  differenceStatsInto,
  c3,
  c3Lags123Into,
  cidCe,
  meanAbsChange,
  meanOf,
  numberPeaks,
  numberPeaksInto,
  sampleEntropy,
  shapeFactors,
  trendSlope,
  varianceOf,
  zeroCrossingRate,
} from '../src';
import { gaussian } from './support/windows';

describe('tsfresh definitions on hand-computed cases', () => {
  const x = Float64Array.of(1, 3, 2, 5, 4, 6, 1);
  it('abs_energy, mean_abs_change, c3, number_peaks', () => {
    expect(absEnergy(x)).toBe(1 + 9 + 4 + 25 + 16 + 36 + 1);
    expect(meanAbsChange(x)).toBeCloseTo((2 + 1 + 3 + 1 + 2 + 5) / 6, 14);
    expect(c3(x, 1)).toBeCloseTo((1 * 3 * 2 + 3 * 2 * 5 + 2 * 5 * 4 + 5 * 4 * 6 + 4 * 6 * 1) / 5, 12);
    expect(c3(x, 4)).toBe(0); // 2·lag ≥ N
    expect(numberPeaks(x, 1)).toBe(3); // 3, 5 and 6 beat both neighbours
    expect(numberPeaks(x, 2)).toBe(0); // 5 is beaten by the 6 two places to its right
  });

  it('cid_ce without normalisation is the length of the difference vector', () => {
    expect(cidCe(x, false)).toBeCloseTo(Math.sqrt(4 + 1 + 9 + 1 + 4 + 25), 14);
    expect(cidCe(new Float64Array(5).fill(2), true)).toBe(0);
  });

  it('autocorrelation at lag 0 is 1 and NaN for a constant window', () => {
    expect(autocorrelation(x, 0)).toBeCloseTo(1, 14);
    expect(autocorrelation(new Float64Array(8).fill(3), 1)).toBeNaN();
  });

  it('sample entropy of a period-3 signal counts same-phase template pairs', () => {
    // 59 templates of length 2 fall in phases of 20, 20, 19 → B = 2·(190 + 190 + 171) = 1102 ordered pairs;
    // 58 templates of length 3 in phases of 20, 19, 19 → A = 2·(190 + 171 + 171) = 1064; SampEn = −ln(A/B).
    expect(sampleEntropy(Float64Array.from({ length: 60 }, (_, i) => [0, 1, 2][i % 3]!))).toBeCloseTo(-Math.log(1064 / 1102), 14);
  });

  it('shape factors, zero crossings and slope of simple signals', () => {
    const square = Float64Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? 2 : -2));
    const sf = shapeFactors(square);
    expect(sf.variance).toBe(4);
    for (const v of [sf.shape_factor, sf.impulse_factor, sf.clearance_factor]) expect(v).toBeCloseTo(1, 14);
    expect(zeroCrossingRate(square)).toBe(1);
    expect(trendSlope(Float64Array.from({ length: 9 }, (_, i) => 3 - 0.5 * i))).toBeCloseTo(-0.5, 14);
  });
});

describe('fused kernels equal the single-parameter functions', () => {
  it.each([7, 64, 1000, 1024])('on %i Gaussian samples', (n) => {
    const x = gaussian(n, n, 1, 0.2);
    const out = new Float64Array(10);
    const mean = meanOf(x);
    autocorrelationsInto(x, [1, 2, 5, 10], mean, varianceOf(x, mean), out, 0);
    c3Lags123Into(x, out, 4);
    numberPeaksInto(x, [1, 5, 10], out, 7);
    [1, 2, 5, 10].forEach((lag, i) => {
      const e = autocorrelation(x, lag);
      if (Number.isNaN(e)) expect(out[i]).toBeNaN();
      else expect(out[i]).toBeCloseTo(e, 12);
    });
    [1, 2, 3].forEach((lag, i) => expect(out[4 + i]).toBeCloseTo(c3(x, lag), 12));
    [1, 5, 10].forEach((s, i) => expect(out[7 + i]).toBe(numberPeaks(x, s)));
  });

  it.each([2, 64, 1000])('differenceStatsInto on %i samples', (n) => {
    const x = gaussian(n, 7 * n, 2, -1);
    const out = new Float64Array(4);
    differenceStatsInto(x, Math.sqrt(varianceOf(x)), out);
    expect(out[0]).toBeCloseTo(trendSlope(x), 12);
    expect(out[1]).toBeCloseTo(absEnergy(x), 10);
    expect(out[2]).toBeCloseTo(meanAbsChange(x), 12);
    expect(out[3]).toBeCloseTo(cidCe(x, true), 10);
  });
});
