import { describe, expect, it } from 'vitest';
import { ConformalCalibrator, conformalQuantile, conformityScores, intervalCoverage, meanIntervalWidth } from '../src';
import { heteroscedastic } from './support/cmapss';
import { expectMlError } from './support/expect-error';

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

describe('conformal quantile', () => {
  it('is the ⌈(n+1)·level⌉-th smallest score', () => {
    const nine = [5, 1, 4, 2, 3, 9, 8, 7, 6];
    expect(conformalQuantile(nine)).toBe(9); // ⌈10 × 0.9⌉ = 9
    expect(conformalQuantile(nine, 0.8)).toBe(8);
    expect(conformalQuantile([4, 3, 2, 1], 0.5)).toBe(3); // ⌈2.5⌉ = 3
    expect(
      conformalQuantile(
        Array.from({ length: 19 }, (_, i) => 19 - i),
        0.9,
      ),
    ).toBe(18);
    expectMlError(() => conformalQuantile(nine.slice(1)), 'ML_BAD_INPUT'); // 8 < 0.9/0.1
    expectMlError(() => conformalQuantile(nine, 1), 'ML_BAD_INPUT');
  });

  it('scores absolute, normalized and CQR residuals', () => {
    expect(Array.from(conformityScores('absolute', { predicted: [1, 5] }, [3, 4]))).toEqual([2, 1]);
    expect(Array.from(conformityScores('normalized', { predicted: [1, 5], difficulty: [4, 0.5] }, [3, 4]))).toEqual([0.5, 2]);
    expect(Array.from(conformityScores('cqr', { lower: [0, 0, 0], upper: [10, 10, 10] }, [-2, 4, 13]))).toEqual([2, -4, 3]);
  });
});

describe('ConformalCalibrator', () => {
  const truth = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const predicted = truth.map((y, i) => y + (i % 2 === 0 ? i : -i)); // |residual| = 0…9

  it('widens point predictions by q (split), by q·σ̂ (normalized) and quantiles by q (CQR)', () => {
    const split = ConformalCalibrator.calibrate('absolute', { predicted }, truth);
    expect(split.quantile).toBe(9); // rank ⌈11 × 0.9⌉ = 10 of 10
    expect(split.calibration).toEqual({ size: 10, coverage: 1, expectedCoverage: 10 / 11 });
    expect(split.apply({ predicted: [50] })).toEqual({ lower: Float64Array.from([41]), upper: Float64Array.from([59]) });
    const lower = ConformalCalibrator.calibrate('absolute', { predicted }, truth, 0.5);
    expect([lower.quantile, lower.calibration.coverage]).toEqual([5, 0.6]);

    const normalized = ConformalCalibrator.calibrate('normalized', { predicted, difficulty: truth.map(() => 3) }, truth);
    expect(normalized.quantile).toBe(3);
    expect(normalized.apply({ predicted: [50, 50], difficulty: [1, 2] })).toEqual({
      lower: Float64Array.from([47, 44]),
      upper: Float64Array.from([53, 56]),
    });

    const cqr = ConformalCalibrator.calibrate('cqr', { lower: truth.map((y) => y - 5), upper: truth.map((y) => y + 5) }, truth);
    expect(cqr.quantile).toBe(-5); // every y is 5 inside its band: the band shrinks by 5
    expect(cqr.apply({ lower: [0], upper: [20] })).toEqual({ lower: Float64Array.from([5]), upper: Float64Array.from([15]) });
  });

  it('round-trips through JSON and fails with stable codes', () => {
    const c = ConformalCalibrator.calibrate('normalized', { predicted, difficulty: truth }, truth, 0.8);
    const back = ConformalCalibrator.fromState(JSON.parse(JSON.stringify(c.serialize())));
    expect([back.method, back.level, back.quantile]).toEqual(['normalized', 0.8, c.quantile]);
    expectMlError(() => ConformalCalibrator.fromState({ ...c.serialize(), method: 'other' as never }), 'ML_BAD_STATE');
    expectMlError(() => ConformalCalibrator.fromState({ ...c.serialize(), level: 1 }), 'ML_BAD_STATE');
    expectMlError(() => c.apply({ predicted: [1] }), 'ML_BAD_INPUT'); // normalized needs σ̂
    expectMlError(() => c.apply({ lower: [1], upper: [2] }), 'ML_BAD_INPUT');
    expectMlError(() => ConformalCalibrator.calibrate('normalized', { predicted, difficulty: truth.map(() => 0) }, truth), 'ML_BAD_INPUT');
    expectMlError(() => ConformalCalibrator.calibrate('absolute', { predicted: [1, 2] }, [1]), 'ML_BAD_INPUT');
    expectMlError(() => ConformalCalibrator.calibrate('cqr', { predicted }, truth), 'ML_BAD_INPUT');
    expectMlError(() => ConformalCalibrator.calibrate('absolute', { predicted: predicted.slice(0, 5) }, truth.slice(0, 5)), 'ML_BAD_INPUT');
  });
});

describe('conformal coverage on heteroscedastic data (y = 10x + (0.2 + 2x)·ε)', () => {
  it('averages exactly ⌈(n+1)·0.9⌉/(n+1) = 10/11 with only 10 calibration rows (1,000 seeds)', () => {
    const coverages = Array.from({ length: 1000 }, (_, seed) => {
      const cal = heteroscedastic(seed, 10);
      const test = heteroscedastic(100_000 + seed, 200);
      const c = ConformalCalibrator.calibrate('absolute', { predicted: cal.predicted }, cal.truth);
      const { lower, upper } = c.apply({ predicted: test.predicted });
      return intervalCoverage(test.truth, lower, upper);
    });
    // Per seed the coverage is Beta(10, 1)-like (σ ≈ 0.08): the mean of 1,000 has σ ≈ 0.003. The uncorrected rank
    // ⌈n·0.9⌉ = 9 would give 9/11 ≈ 0.82.
    expect(Math.abs(mean(coverages) - 10 / 11)).toBeLessThan(0.012);
  });

  it('stays within [0.9, 0.9 + 1/(n+1)] on average for split, normalized and CQR (n = 500, 40 seeds)', () => {
    const n = 500;
    const bound = 0.9 + 1 / (n + 1);
    const runs = Array.from({ length: 40 }, (_, seed) => {
      const cal = heteroscedastic(seed, n);
      const test = heteroscedastic(50_000 + seed, 1000);
      const split = ConformalCalibrator.calibrate('absolute', { predicted: cal.predicted }, cal.truth);
      const norm = ConformalCalibrator.calibrate('normalized', { predicted: cal.predicted, difficulty: cal.sigma }, cal.truth);
      const cqr = ConformalCalibrator.calibrate('cqr', { lower: cal.lo, upper: cal.hi }, cal.truth);
      const intervals = [
        split.apply({ predicted: test.predicted }),
        norm.apply({ predicted: test.predicted, difficulty: test.sigma }),
        cqr.apply({ lower: test.lo, upper: test.hi }),
      ];
      const far = Array.from(test.x.keys()).filter((i) => test.x[i]! > 2 / 3); // the noisiest third
      const pick = (a: Float64Array): number[] => far.map((i) => a[i]!);
      return {
        coverage: intervals.map((iv) => intervalCoverage(test.truth, iv.lower, iv.upper)),
        farCoverage: intervals.map((iv) => intervalCoverage(pick(test.truth), pick(iv.lower), pick(iv.upper))),
        width: intervals.map((iv) => meanIntervalWidth(iv.lower, iv.upper)),
        raw: intervalCoverage(test.truth, test.lo, test.hi),
      };
    });
    // σ of a 40-seed mean ≈ sqrt(0.0134² + 0.0095²)/√40 ≈ 0.0026: allow 3σ either side of the exact bounds.
    for (let m = 0; m < 3; m++) {
      const c = mean(runs.map((r) => r.coverage[m]!));
      expect(c, `method ${m}`).toBeGreaterThan(0.9 - 0.008);
      expect(c, `method ${m}`).toBeLessThan(bound + 0.008);
    }
    expect(mean(runs.map((r) => r.raw))).toBeLessThan(0.8); // the shrunk quantiles alone under-cover; CQR repairs them
    const far = [0, 1, 2].map((m) => mean(runs.map((r) => r.farCoverage[m]!)));
    expect(far[0]).toBeLessThan(0.85); // one width for all: the noisy region is under-covered
    expect(Math.abs(far[1]! - 0.9)).toBeLessThan(0.02); // σ̂-scaled: close to 0.9 there too
    expect(far[2]).toBeGreaterThan(far[0]! + 0.02); // CQR's base band already grows with σ; its shift q is one constant
    expect(mean(runs.map((r) => r.width[1]!))).toBeLessThan(mean(runs.map((r) => r.width[0]!)));
  });
});
