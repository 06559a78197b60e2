import { describe, expect, it } from 'vitest';
import { createRng, laggedPredictions, rmse, RulTrajectoryStage, TRAJECTORY_LAGS, unitPrefix, type UnitSeries } from '../src';
import { normal } from './support/cmapss';
import { expectMlError } from './support/expect-error';

const CAP = 125;

/**
 * Units of lives 180–320 cut with an RUL uniform in [1, min(life − 31, 200)]; the "first stage" asked `lag` cycles
 * earlier answers min(RUL + lag, CAP) plus a per-unit bias (sd 3, the same at every lag: no stage can remove it) and
 * noise of sd 10 drawn afresh at every lag (what the earlier predictions, shifted by their lag, average away).
 */
function rows(count: number, seed: number): { lagged: Float64Array[]; cycles: Float64Array; target: Float64Array } {
  const rng = createRng(seed);
  const lagged = TRAJECTORY_LAGS.map(() => new Float64Array(count));
  const cycles = new Float64Array(count);
  const target = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const life = 180 + rng.int(141);
    const rul = 1 + rng.int(Math.min(life - 31, 200));
    const bias = 3 * normal(rng);
    cycles[i] = life - rul;
    target[i] = Math.min(rul, CAP);
    TRAJECTORY_LAGS.forEach((lag, j) => (lagged[j]![i] = Math.max(0, Math.min(rul + lag, CAP) + bias + 10 * normal(rng))));
  }
  return { lagged, cycles, target };
}

function unit(n: number, rulAtEnd?: number): UnitSeries {
  const cycles = Float64Array.from({ length: n }, (_, i) => i + 1);
  const m = (cols: number) => ({ rows: n, cols, data: Float64Array.from({ length: n * cols }, (_, k) => k) });
  return { unit: 7, cycles, settings: m(3), sensors: m(21), ...(rulAtEnd !== undefined ? { rulAtEnd } : {}) };
}

const expectBad = (fn: () => unknown): void => expectMlError(fn, 'ML_BAD_INPUT');

describe('RulTrajectoryStage', () => {
  const train = rows(3000, 1);
  const fresh = rows(3000, 2);
  const stage = RulTrajectoryStage.fit(train, train.target);
  const refined = stage.predict(fresh);
  const pick = (a: ArrayLike<number>, idx: number[]): Float64Array => Float64Array.from(idx, (i) => a[i]!);

  it('averages the earlier predictions shifted by their lag: a much lower error on units it never saw', () => {
    const before = rmse(fresh.lagged[0]!, fresh.target);
    const after = rmse(refined, fresh.target);
    expect(before).toBeGreaterThan(9);
    // sd 10 per prediction, 13 lags: what is left is mostly the per-unit bias (sd 3) and the rows near the cap.
    expect(after).toBeLessThan(0.7 * before);
    // Degrading units too (the shift holds at every lag; the trees approximate the average in steps).
    const degrading = Array.from(fresh.target.keys()).filter((i) => fresh.target[i]! + 30 < CAP);
    const d0 = rmse(pick(fresh.lagged[0]!, degrading), pick(fresh.target, degrading));
    const d1 = rmse(pick(refined, degrading), pick(fresh.target, degrading));
    expect(d1).toBeLessThan(0.8 * d0);
  });

  it('keeps healthy units at the cap, where the shift by the lag does not hold', () => {
    const healthy = Array.from(fresh.target.keys()).filter((i) => fresh.target[i]! === CAP);
    const mean = pick(refined, healthy).reduce((s, v) => s + v, 0) / healthy.length;
    expect(mean).toBeGreaterThan(CAP - 6);
    expect(mean).toBeLessThan(CAP + 3);
  });

  it('never predicts a negative RUL', () => {
    for (const v of refined) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('refuses rows that do not match its lags, non-finite inputs, and bad lags or targets', () => {
    expectBad(() => stage.predict({ lagged: fresh.lagged.slice(1), cycles: fresh.cycles }));
    expectBad(() => stage.predict({ lagged: fresh.lagged, cycles: fresh.cycles.subarray(1) }));
    const nan = fresh.lagged.map((c, j) => (j === 3 ? c.map((v, i) => (i === 5 ? Number.NaN : v)) : c));
    expectBad(() => stage.predict({ lagged: nan, cycles: fresh.cycles }));
    expectBad(() => RulTrajectoryStage.fit(train, train.target.subarray(1)));
    expectBad(() =>
      RulTrajectoryStage.fit(
        train,
        train.target.map((v, i) => (i === 0 ? -1 : v)),
      ),
    );
    expectBad(() =>
      RulTrajectoryStage.fit({ lagged: [train.lagged[0]!, train.lagged[1]!], cycles: train.cycles }, train.target, { lags: [1, 2] }),
    );
    expectBad(() =>
      RulTrajectoryStage.fit({ lagged: [train.lagged[0]!, train.lagged[1]!], cycles: train.cycles }, train.target, { lags: [0, 0] }),
    );
    expectBad(() => RulTrajectoryStage.fit({ lagged: [], cycles: new Float64Array(0) }, new Float64Array(0), { lags: [0] }));
  });
});

describe('unitPrefix and laggedPredictions', () => {
  it('cuts a unit as it was some cycles earlier, keeping at least one row and the exact RUL at its end', () => {
    const u = unit(10, 4);
    expect(unitPrefix(u, 0)).toBe(u);
    const p = unitPrefix(u, 3);
    expect(Array.from(p.cycles)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(p.sensors).toEqual({ rows: 7, cols: 21, data: u.sensors.data.slice(0, 7 * 21) });
    expect(p.settings.rows).toBe(7);
    expect(p.rulAtEnd).toBe(7);
    const one = unitPrefix(u, 50);
    expect(one.cycles.length).toBe(1);
    expect(one.rulAtEnd).toBe(13);
    expect(unitPrefix(unit(5), 2).rulAtEnd).toBeUndefined();
    expectBad(() => unitPrefix(u, -1));
    expectBad(() => unitPrefix(u, 1.5));
  });

  it('asks the model once per lag, on every unit cut at that lag', () => {
    const units = [unit(40), unit(12)];
    const calls: number[] = [];
    const rowsOut = laggedPredictions(units, (at) => {
      calls.push(at.length);
      return at.map((u) => u.cycles.length);
    });
    expect(calls).toEqual(TRAJECTORY_LAGS.map(() => 2));
    expect(Array.from(rowsOut.cycles)).toEqual([40, 12]);
    TRAJECTORY_LAGS.forEach((lag, j) => expect(Array.from(rowsOut.lagged[j]!)).toEqual([40 - lag, Math.max(1, 12 - lag)]));
    expectBad(() => laggedPredictions(units, () => [0, 0], [2, 4]));
  });
});
