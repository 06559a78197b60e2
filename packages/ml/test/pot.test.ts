import { describe, expect, it } from 'vitest';
import { createRng, fitGpd, fitPot, gpdLogLikelihood, potQuantile, quantile } from '../src';
import { expectMlError } from './support/expect-error';

/** n GPD(γ, σ) draws by the inverse CDF. */
function gpdSample(seed: number, n: number, shape: number, scale: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => {
    const u = rng.next();
    return shape === 0 ? -scale * Math.log(1 - u) : (scale / shape) * (Math.pow(1 - u, -shape) - 1);
  });
}

describe('GPD fit (Grimshaw)', () => {
  it('recovers the shape and scale of large GPD samples, heavy, exponential and bounded tails', () => {
    for (const [shape, scale] of [
      [0.3, 2],
      [0, 1.5],
      [-0.25, 1],
    ] as const) {
      const fit = fitGpd(gpdSample(11, 5000, shape, scale));
      expect(Math.abs(fit.shape - shape)).toBeLessThan(0.06);
      expect(Math.abs(fit.scale / scale - 1)).toBeLessThan(0.08);
    }
  });

  it('is a stationary point of the likelihood: nudging γ or σ never raises it', () => {
    const y = gpdSample(12, 300, 0.2, 1);
    const fit = fitGpd(y);
    expect(fit.logLikelihood).toBeCloseTo(gpdLogLikelihood(y, fit.shape, fit.scale), 9);
    for (const [dg, ds] of [
      [1e-3, 0],
      [-1e-3, 0],
      [0, 1e-3],
      [0, -1e-3],
    ]) {
      expect(gpdLogLikelihood(y, fit.shape + dg!, fit.scale * (1 + ds!))).toBeLessThanOrEqual(fit.logLikelihood + 1e-9);
    }
  });

  it('rejects fewer than 2 excesses and non-positive ones', () => {
    expectMlError(() => fitGpd([1]), 'ML_BAD_INPUT');
    expectMlError(() => fitGpd([1, 0]), 'ML_BAD_INPUT');
    expectMlError(() => fitGpd([1, NaN]), 'ML_BAD_INPUT');
  });
});

describe('POT threshold', () => {
  it('exceeds the initial quantile and leaves about a fraction q of fresh normal scores above it', () => {
    const rng = createRng(13);
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const calibration = Float64Array.from({ length: 20000 }, normal);
    const pot = fitPot(calibration, { risk: 1e-3 });
    expect(pot.threshold).toBeGreaterThan(pot.initial);
    expect(pot.excesses).toBe(400);
    const fresh = Float64Array.from({ length: 200000 }, normal);
    const rate = fresh.filter((s) => s > pot.threshold).length / fresh.length;
    expect(rate).toBeGreaterThan(0.5e-3);
    expect(rate).toBeLessThan(2e-3);
    // the exact normal quantile is 3.09
    expect(Math.abs(pot.threshold - 3.09)).toBeLessThan(0.15);
  });

  it('gives higher thresholds for smaller risks and the same threshold back for its own risk', () => {
    const pot = fitPot(gpdSample(14, 5000, 0.1, 1), { risk: 1e-2 });
    expect(potQuantile(pot, 1e-2)).toBe(pot.threshold);
    expect(potQuantile(pot, 1e-3)).toBeGreaterThan(potQuantile(pot, 1e-2));
    expect(potQuantile(pot, 1e-4)).toBeGreaterThan(potQuantile(pot, 1e-3));
  });

  it('rejects risks and levels out of range and data with no tail', () => {
    expectMlError(() => fitPot([1, 2, 3], { risk: 0 }), 'ML_BAD_INPUT');
    expectMlError(() => fitPot([1, 2, 3], { initialQuantile: 1 }), 'ML_BAD_INPUT');
    expectMlError(() => fitPot(new Float64Array(100).fill(1)), 'ML_BAD_INPUT');
    expectMlError(() => fitPot([1, 2, Infinity]), 'ML_BAD_INPUT');
  });

  it("uses numpy's linear quantile", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
  });
});
