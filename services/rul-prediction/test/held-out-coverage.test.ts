import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '@vigie/ml';
import { heldOutCoverage } from '../src/domain/held-out-coverage';

/** A standard normal draw (Box–Muller). */
const normal = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

/** Rows of `units` units × `per` windows: target = predicted + σ·noise, noise ~ N(0, 1) scaled per unit by `scale`. */
function rows(units: number, per: number, scale: (unit: number) => number, seed = 1) {
  const rng = createRng(seed);
  const n = units * per;
  const predicted = new Float64Array(n);
  const difficulty = new Float64Array(n);
  const target = new Float64Array(n);
  const unit = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    unit[i] = Math.floor(i / per) + 1;
    predicted[i] = rng.uniform(50, 150);
    difficulty[i] = 1 + predicted[i]! / 10;
    target[i] = predicted[i]! + difficulty[i]! * scale(unit[i]!) * normal(rng);
  }
  return { predicted, difficulty, target, unit };
}

describe('heldOutCoverage', () => {
  it('is close to the level when the units are exchangeable', () => {
    const c = heldOutCoverage(
      rows(40, 100, () => 1),
      0.9,
    );
    expect(c).toBeGreaterThan(0.87);
    expect(c).toBeLessThan(0.93);
  });

  it('never lets a half calibrate itself: exact odd units and noisy even units cover about half', () => {
    // Odd units (one half) have no error, even units (the other) large ones: each half calibrated on the other covers
    // all of the exact half and almost none of the noisy one. Calibrating on all rows would cover ≈ 90%.
    const c = heldOutCoverage(
      rows(20, 100, (u) => (u % 2 ? 0 : 5)),
      0.9,
    );
    expect(c).toBeGreaterThan(0.45);
    expect(c).toBeLessThan(0.6);
  });

  it('is NaN with a single calibration unit', () => {
    expect(
      heldOutCoverage(
        rows(1, 50, () => 1),
        0.9,
      ),
    ).toBeNaN();
  });
});
