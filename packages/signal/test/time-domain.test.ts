import { describe, expect, it } from 'vitest';
import { linearFit, median, robustStats, robustZ, scaledMad, timeDomainFeatures } from '../src';

describe('timeDomainFeatures', () => {
  it('matches the moment definitions of scipy.stats on a known sample', () => {
    // x = [1, 2, 3, 4, 10]: mean 4, deviations (-3, -2, -1, 0, 6), so m2 = 50/5 = 10, m3 = 180/5 = 36,
    // m4 = 1394/5 = 278.8; skew = m3 / m2^1.5, excess kurtosis = m4 / m2² − 3 (scipy's biased defaults).
    const f = timeDomainFeatures([1, 2, 3, 4, 10]);
    expect(f.mean).toBeCloseTo(4, 12);
    expect(f.std).toBeCloseTo(3.1622776601683795, 12);
    expect(f.rms).toBeCloseTo(5.0990195135927845, 12);
    expect(f.skewness).toBeCloseTo(36 / Math.pow(10, 1.5), 12);
    expect(f.kurtosis).toBeCloseTo(278.8 / 100 - 3, 12);
    expect(f.crest_factor).toBeCloseTo(10 / 5.0990195135927845, 12);
    expect(f.min).toBe(1);
    expect(f.max).toBe(10);
    expect(f.peak_to_peak).toBe(9);
  });

  it('has the crest factor √2 of a sine and zero skewness', () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin((2 * Math.PI * i) / 100));
    const f = timeDomainFeatures(x);
    expect(f.crest_factor).toBeCloseTo(Math.SQRT2, 3);
    expect(f.skewness).toBeCloseTo(0, 10);
    expect(f.kurtosis).toBeCloseTo(-1.5, 3);
  });

  it('returns finite shape features for a constant window and rejects an empty one', () => {
    const f = timeDomainFeatures([5, 5, 5]);
    expect(f.std).toBe(0);
    expect(f.kurtosis).toBe(0);
    expect(f.skewness).toBe(0);
    expect(() => timeDomainFeatures([])).toThrow(RangeError);
  });
});

describe('robust statistics', () => {
  it('median and scaled MAD follow scipy', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // scipy.stats.median_abs_deviation([1,2,3,4,100], scale='normal') = 1.4826
    expect(scaledMad([1, 2, 3, 4, 100])).toBeCloseTo(1.4826, 10);
  });

  it('robust z-score ignores a single outlier in the baseline', () => {
    const stats = robustStats([10, 10.1, 9.9, 10.05, 9.95, 50]);
    expect(Math.abs(robustZ(10, stats))).toBeLessThan(1);
    expect(robustZ(20, stats)).toBeGreaterThan(20);
  });
});

describe('linearFit', () => {
  it('recovers slope and intercept', () => {
    const x = [0, 1, 2, 3, 4];
    const fit = linearFit(x, x.map((v) => 2 - 0.5 * v));
    expect(fit.slope).toBeCloseTo(-0.5, 12);
    expect(fit.intercept).toBeCloseTo(2, 12);
    expect(fit.residualStd).toBeCloseTo(0, 12);
  });
});
