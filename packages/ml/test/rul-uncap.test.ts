import { describe, expect, it } from 'vitest';
import { createRng, rmse, RulUncapper, type UncapRows } from '../src';
import { normal } from './support/cmapss';
import { expectMlError } from './support/expect-error';

const CAP = 125;

/**
 * Units of lives 200–300 cut uniformly in [1, life − 31] (the truncation prior); `predicted` imitates a capped model:
 * min(true RUL, CAP) plus noise of sd 8. Above the cap the truth is life − t, and E[life | t] rises with t: a known
 * function of the cycles observed that the capped prediction cannot show.
 */
function rows(count: number, seed: number): UncapRows & { predicted: Float64Array; truth: Float64Array } {
  const rng = createRng(seed);
  const predicted = new Float64Array(count);
  const cycles = new Float64Array(count);
  const truth = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const life = 200 + rng.int(101);
    const rul = 1 + rng.int(life - 31);
    cycles[i] = life - rul;
    truth[i] = rul;
    predicted[i] = Math.min(rul, CAP) + 8 * normal(rng);
  }
  return { predicted, cycles, truth };
}

const expectBad = (fn: () => unknown): void => expectMlError(fn, 'ML_BAD_INPUT');

describe('RulUncapper', () => {
  const train = rows(600, 1);
  const fresh = rows(2000, 2);
  const uncapper = RulUncapper.fit(train, train.truth);
  const uncapped = uncapper.predict(fresh);
  const healthy = Array.from(fresh.truth.keys()).filter((i) => fresh.truth[i]! > CAP + 20);
  const pick = (a: ArrayLike<number>, idx: number[]): Float64Array => Float64Array.from(idx, (i) => a[i]!);

  it('recovers the true RUL above the cap from the cycles observed, on units it never saw', () => {
    const before = rmse(pick(fresh.predicted, healthy), pick(fresh.truth, healthy));
    const after = rmse(pick(uncapped, healthy), pick(fresh.truth, healthy));
    // The capped prediction misses by the whole excess over the cap (≈ 50 cycles here); the stage leaves the spread of
    // life given t (lives uniform over 101 cycles: sd ≈ 29) and the noise.
    expect(before).toBeGreaterThan(45);
    expect(after).toBeLessThan(0.7 * before);
    expect(rmse(uncapped, fresh.truth)).toBeLessThan(rmse(fresh.predicted, fresh.truth) - 5);
    // Predictions above the cap, rising as fewer cycles have been observed.
    const early = healthy.filter((i) => fresh.cycles[i]! < 60);
    const late = healthy.filter((i) => fresh.cycles[i]! > 110);
    const mean = (idx: number[]): number => idx.reduce((s, i) => s + uncapped[i]!, 0) / idx.length;
    expect(mean(late)).toBeGreaterThan(CAP);
    expect(mean(early)).toBeGreaterThan(mean(late) + 30);
  });

  it('leaves rows whose prediction is well below the cap (degradation visible) nearly unchanged', () => {
    const degraded = Array.from(fresh.truth.keys()).filter((i) => fresh.predicted[i]! < 80);
    const shift = pick(uncapper.correction(fresh), degraded);
    expect(Math.abs(shift.reduce((s, v) => s + v, 0) / shift.length)).toBeLessThan(3);
    expect(rmse(pick(uncapped, degraded), pick(fresh.truth, degraded))).toBeLessThan(
      rmse(pick(fresh.predicted, degraded), pick(fresh.truth, degraded)) + 1,
    );
  });

  it('never predicts a negative RUL', () => {
    // Rows near failure whose residuals are negative: the correction alone would push some below 0.
    const near = { predicted: Float64Array.of(0, 0.5, 1, 2), cycles: Float64Array.of(250, 260, 270, 280) };
    const sharp = RulUncapper.fit(
      {
        predicted: Float64Array.from({ length: 200 }, (_, i) => (i % 4) * 0.5),
        cycles: Float64Array.from({ length: 200 }, (_, i) => 240 + i),
      },
      new Float64Array(200),
    );
    expect(Math.min(...sharp.correction(near))).toBeLessThan(0);
    for (const v of sharp.predict(near)) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of uncapped) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('can use the quantile bounds as features too, and then requires them', () => {
    const withBounds = { ...train, lower: train.predicted.map((p) => p - 20), upper: train.predicted.map((p) => p + 60) };
    const u = RulUncapper.fit(withBounds, train.truth, { bounds: true });
    expect(u.predict({ ...withBounds }).length).toBe(train.truth.length);
    expectBad(() => u.predict(train));
  });

  it('refuses mismatched lengths, non-finite values, negative truth and empty input with ML_BAD_INPUT', () => {
    expectBad(() => RulUncapper.fit(train, train.truth.subarray(1)));
    expectBad(() => RulUncapper.fit({ predicted: [1, 2], cycles: [1] }, [1, 2]));
    expectBad(() => RulUncapper.fit({ predicted: [1, Number.NaN], cycles: [1, 2] }, [1, 2]));
    expectBad(() => RulUncapper.fit({ predicted: [1, 2], cycles: [1, 2] }, [1, -2]));
    expectBad(() => RulUncapper.fit({ predicted: [], cycles: [] }, []));
    expectBad(() => uncapper.predict({ predicted: [1], cycles: [Number.POSITIVE_INFINITY] }));
  });
});
