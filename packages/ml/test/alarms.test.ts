import { describe, expect, it } from 'vitest';
import { AlarmHysteresis, criticalityOf, fitPot, levelIndex, thresholdsFromMultiples, thresholdsFromPot, createRng } from '../src';
import { expectMlError } from './support/expect-error';

const thresholds = thresholdsFromMultiples(1); // 1, 1.5, 2, 3

describe('criticality levels', () => {
  it('maps scores to levels 0..4 and names them', () => {
    expect([0.5, 1, 1.6, 2.5, 9].map((s) => levelIndex(s, thresholds))).toEqual([0, 1, 2, 3, 4]);
    expect([0, 1, 2, 3, 4].map(criticalityOf)).toEqual([undefined, 'low', 'medium', 'high', 'critical']);
  });

  it('derives increasing thresholds from a POT tail, each level ten times rarer', () => {
    const rng = createRng(3);
    const pot = fitPot(
      Float64Array.from({ length: 5000 }, () => -Math.log(1 - rng.next())),
      { risk: 1e-2 },
    );
    const t = thresholdsFromPot(pot);
    expect(t[0]).toBe(pot.threshold);
    // exponential tail: each factor 10 of risk adds ln 10 ≈ 2.3 to the quantile
    for (let k = 1; k < 4; k++) expect(t[k]! - t[k - 1]!).toBeGreaterThan(1.8);
    expectMlError(() => thresholdsFromMultiples(1, [1, 1, 2, 3]), 'ML_BAD_INPUT');
  });
});

describe('alarm hysteresis', () => {
  it('does not flap on a score hovering around the threshold, and clears only after k points well below', () => {
    const h = new AlarmHysteresis({ thresholds, clearRatio: 0.8, clearAfter: 3 });
    const hovering = [1.1, 0.95, 1.05, 0.9, 1.02, 0.85];
    expect(Array.from(h.run(hovering))).toEqual([1, 1, 1, 1, 1, 1]);
    // 0.7 < 0.8 × 1: three in a row clear it; a point back above 0.8 restarts the count
    expect(Array.from(h.run([0.7, 0.7, 0.85, 0.7, 0.7, 0.7, 0.7]))).toEqual([1, 1, 1, 1, 1, 0, 0]);
  });

  it('raises to the level reached at once, steps down through the levels, and can require persistence to raise', () => {
    const h = new AlarmHysteresis({ thresholds, clearAfter: 2 });
    expect(Array.from(h.run([2.5, 3.5, 1.2, 1.2, 1.2, 0.1, 0.1]))).toEqual([3, 4, 4, 1, 1, 1, 0]);
    const slow = new AlarmHysteresis({ thresholds, raiseAfter: 3 });
    expect(Array.from(slow.run([1.2, 1.2, 0.5, 1.2, 1.2, 1.2]))).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('resumes from a serialised state exactly where it stopped', () => {
    const scores = [1.2, 0.5, 0.5, 2.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
    const whole = new AlarmHysteresis({ thresholds, clearAfter: 4 }).run(scores);
    const first = new AlarmHysteresis({ thresholds, clearAfter: 4 });
    const head = first.run(scores.slice(0, 5));
    const resumed = new AlarmHysteresis({ thresholds, clearAfter: 4 }, JSON.parse(JSON.stringify(first.state)));
    expect([...head, ...resumed.run(scores.slice(5))]).toEqual(Array.from(whole));
  });

  it('rejects bad thresholds, options, states and scores', () => {
    expectMlError(() => new AlarmHysteresis({ thresholds: [1, 2, 2, 3] }), 'ML_BAD_INPUT');
    expectMlError(() => new AlarmHysteresis({ thresholds, clearRatio: 1.5 }), 'ML_BAD_INPUT');
    expectMlError(() => new AlarmHysteresis({ thresholds, clearAfter: 0 }), 'ML_BAD_INPUT');
    expectMlError(() => new AlarmHysteresis({ thresholds }, { level: 7, above: 0, below: 0 }), 'ML_BAD_STATE');
    expectMlError(() => new AlarmHysteresis({ thresholds }).update(NaN), 'ML_BAD_INPUT');
  });
});
