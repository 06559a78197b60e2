import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '@vigie/ml';
import { heldOutCoverage } from '../src/domain/held-out-coverage';

/** A standard normal draw (Box–Muller). */
const normal = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

/** `n` rows: target = predicted + σ̂·scale·noise, noise ~ N(0, 1). */
function rows(n: number, scale: number, seed: number) {
  const rng = createRng(seed);
  const predicted = new Float64Array(n);
  const difficulty = new Float64Array(n);
  const target = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    predicted[i] = rng.uniform(50, 150);
    difficulty[i] = 1 + predicted[i]! / 10;
    target[i] = predicted[i]! + difficulty[i]! * scale * normal(rng);
  }
  return { predicted, difficulty, target };
}

describe('heldOutCoverage', () => {
  it('is close to the level when the held-out rows err like the calibration rows', () => {
    const c = heldOutCoverage(rows(4000, 1, 1), rows(4000, 1, 2), 0.9);
    expect(c).toBeGreaterThan(0.88);
    expect(c).toBeLessThan(0.92);
  });

  it('takes its quantile from the calibration rows only: held-out rows twice as noisy are covered far less', () => {
    // 1.645 σ̂ holds 90 % of N(0, 1) errors; against errors of 2 σ̂ it holds P(|Z| < 0.82) ≈ 59 %. A quantile that also
    // read the held-out rows would cover well above that.
    const c = heldOutCoverage(rows(4000, 1, 3), rows(4000, 2, 4), 0.9);
    expect(c).toBeGreaterThan(0.55);
    expect(c).toBeLessThan(0.63);
  });

  it('counts the held-out targets inside the interval of the calibration quantile; NaN without held-out rows or with too few calibration rows for the level', () => {
    const one = (predicted: number, target: number) => ({
      predicted: Float64Array.of(predicted),
      difficulty: Float64Array.of(1),
      target: Float64Array.of(target),
    });
    // Calibration: one row, score 5 → q = its score (the finite-sample quantile of one row is the row itself).
    expect(heldOutCoverage(one(10, 15), one(3, 7), 0.5)).toBe(1);
    expect(heldOutCoverage(one(10, 15), one(3, 9), 0.5)).toBe(0);
    expect(heldOutCoverage(one(10, 15), one(3, 7), 0.9)).toBeNaN();
    expect(
      heldOutCoverage(one(1, 1), { predicted: new Float64Array(), difficulty: new Float64Array(), target: new Float64Array() }, 0.9),
    ).toBeNaN();
  });
});
