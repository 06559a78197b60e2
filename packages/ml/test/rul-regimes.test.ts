import { describe, expect, it } from 'vitest';
import { createRng, fromRows, RegimeModel, RegimeScaler, stackRows, toRows, zeros, type Matrix } from '../src';
import { cmapssUnits, normal } from './support/cmapss';
import { expectMlError } from './support/expect-error';

/** Rows around the given set-points (altitude, Mach, throttle scale), `noise` σ in each setting. */
function setPoints(points: number[][], perPoint: number, noise: number, seed = 1): Matrix {
  const rng = createRng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < perPoint; i++) for (const p of points) rows.push(p.map((v, j) => v + (j < 2 ? noise * normal(rng) : 0)));
  return fromRows(rows);
}

const SIX = [
  [0, 0, 100],
  [10, 0.25, 100],
  [20, 0.7, 100],
  [25, 0.62, 60],
  [35, 0.84, 100],
  [42, 0.84, 100],
];

describe('operating regimes', () => {
  it('finds the set-points of noisy settings, ids in lexicographic order whatever the seed', () => {
    const X = setPoints([SIX[4]!, SIX[0]!, SIX[3]!], 200, 0.002);
    for (const seed of [0, 1, 2, 3]) {
      const m = RegimeModel.detect(X, { seed });
      expect(m.count).toBe(3);
      expect(m.centresRows().map((c) => c.map((v) => Math.round(v * 100) / 100))).toEqual([SIX[0], SIX[3], SIX[4]]);
      expect(Array.from(m.assign(X).subarray(0, 6))).toEqual([2, 0, 1, 2, 0, 1]);
    }
  });

  it('finds one regime in a single noise blob, in constant settings and with no setting column', () => {
    expect(RegimeModel.detect(setPoints([[0, 0, 100]], 1000, 0.003)).count).toBe(1);
    expect(RegimeModel.detect(fromRows(Array.from({ length: 50 }, () => [1, 2]))).count).toBe(1);
    const none = RegimeModel.detect(zeros(40, 0));
    expect(none.count).toBe(1);
    expect(Array.from(none.assign(zeros(3, 0)))).toEqual([0, 0, 0]);
  });

  it('finds exact set-points (zero spread), and assigns new rows to the nearest in σ-scaled distance', () => {
    const m = RegimeModel.detect(fromRows([...SIX, ...SIX, ...SIX]));
    expect(m.count).toBe(6);
    expect(
      Array.from(
        m.assign(
          fromRows([
            [24, 0.6, 61],
            [41, 0.83, 99],
            [0.4, 0.01, 100],
          ]),
        ),
      ),
    ).toEqual([3, 5, 0]);
  });

  it('round-trips through JSON and rejects malformed states and inputs', () => {
    const X = setPoints(SIX, 50, 0.002);
    const m = RegimeModel.detect(X);
    const back = RegimeModel.fromState(JSON.parse(JSON.stringify(m.serialize())));
    expect(Array.from(back.assign(X))).toEqual(Array.from(m.assign(X)));
    expectMlError(() => RegimeModel.fromState({ ...m.serialize(), version: 2 } as never), 'ML_BAD_STATE');
    expectMlError(() => RegimeModel.fromState({ ...m.serialize(), centres: [1, 2] }), 'ML_BAD_STATE');
    expectMlError(() => RegimeModel.fromState({ ...m.serialize(), scale: [1, 0, 1] }), 'ML_BAD_STATE');
    expectMlError(() => m.assign(fromRows([[1, 2]])), 'ML_BAD_INPUT');
    expectMlError(() => RegimeModel.detect(fromRows([[NaN, 1, 1]])), 'ML_BAD_INPUT');
    expectMlError(() => RegimeModel.detect(X, { maxRegimes: 0 }), 'ML_BAD_INPUT');
  });

  it('finds 6 regimes on train_FD002 and train_FD004, 1 on train_FD001 and train_FD003, for several seeds', () => {
    const count = (file: string, seed: number): number => RegimeModel.detect(stackRows(cmapssUnits(file), 'settings'), { seed }).count;
    for (const seed of [0, 7]) {
      expect(['train_FD001.txt', 'train_FD002.txt', 'train_FD003.txt', 'train_FD004.txt'].map((f) => count(f, seed))).toEqual([1, 6, 1, 6]);
    }
    const fd002 = RegimeModel.detect(stackRows(cmapssUnits('train_FD002.txt'), 'settings'));
    // FD002's six flight conditions (altitude kft, Mach, throttle resolver angle), as the literature lists them.
    expect(fd002.centresRows().map((c) => c.map((v) => Math.round(v * 100) / 100))).toEqual(SIX);
    const ids = fd002.assign(stackRows(cmapssUnits('train_FD002.txt'), 'settings'));
    const sizes = Array.from({ length: 6 }, (_, r) => ids.filter((v) => v === r).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(53759);
    expect(Math.min(...sizes)).toBeGreaterThan(7000);
  });
});

describe('per-regime standardisation', () => {
  it('standardises each column within each regime (population σ), constant columns mapped to x − μ', () => {
    const X = fromRows([
      [1, 5],
      [3, 5],
      [10, 7],
      [30, 9],
    ]);
    const ids = Int32Array.from([0, 0, 1, 1]);
    const s = RegimeScaler.fit(X, ids, 2);
    expect(toRows(s.transform(X, ids))).toEqual([
      [-1, 0],
      [1, 0],
      [-1, -1],
      [1, 1],
    ]);
    expect(toRows(s.transform(fromRows([[20, 6]]), Int32Array.from([1])))).toEqual([[0, -2]]);
    expect(toRows(s.transform(fromRows([[20, 6]]), Int32Array.from([0])))).toEqual([[18, 1]]);
    const back = RegimeScaler.fromState(JSON.parse(JSON.stringify(s.serialize())));
    expect(toRows(back.transform(X, ids))).toEqual(toRows(s.transform(X, ids)));
  });

  it('fails on a regime without rows, ids out of range and malformed states', () => {
    const X = fromRows([[1], [2]]);
    expectMlError(() => RegimeScaler.fit(X, Int32Array.from([0, 0]), 2), 'ML_BAD_INPUT');
    expectMlError(() => RegimeScaler.fit(X, Int32Array.from([0, 2]), 2), 'ML_BAD_INPUT');
    expectMlError(() => RegimeScaler.fit(X, Int32Array.from([0]), 1), 'ML_BAD_INPUT');
    const s = RegimeScaler.fit(X, Int32Array.from([0, 0]), 1);
    expectMlError(() => s.transform(X, Int32Array.from([0, 1])), 'ML_BAD_INPUT');
    expectMlError(() => RegimeScaler.fromState({ ...s.serialize(), scale: [0] }), 'ML_BAD_STATE');
    expectMlError(() => RegimeScaler.fromState({ ...s.serialize(), mean: [] }), 'ML_BAD_STATE');
  });

  it('leaves every FD002 sensor with mean 0 and σ 1 (or constant) inside every regime', () => {
    const units = cmapssUnits('train_FD002.txt');
    const settings = stackRows(units, 'settings');
    const sensors = stackRows(units, 'sensors');
    const m = RegimeModel.detect(settings);
    const ids = m.assign(settings);
    const Z = RegimeScaler.fit(sensors, ids, m.count).transform(sensors, ids);
    for (let r = 0; r < m.count; r++) {
      const rows = Array.from(ids.keys()).filter((i) => ids[i] === r);
      for (const j of [1, 3, 10, 20]) {
        const v = rows.map((i) => Z.data[i * Z.cols + j]!);
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
        expect(Math.abs(mean)).toBeLessThan(1e-9);
        expect(sd).toBeCloseTo(1, 9);
      }
      expect(rows.every((i) => Math.abs(Z.data[i * Z.cols]!) < 1e-9)).toBe(true); // s1 is constant in each regime
    }
  });
});
