import { describe, expect, it } from 'vitest';
import { fromRows, piecewiseRul, row, RulPreprocessor, selectSensors, slidingWindows, splitUnits, type UnitSeries } from '../src';
import { cmapssRul, cmapssUnits } from './support/cmapss';
import { expectMlError } from './support/expect-error';

const LITERATURE_14 = ['s2', 's3', 's4', 's7', 's8', 's9', 's11', 's12', 's13', 's14', 's15', 's17', 's20', 's21'];

describe('sensor selection', () => {
  it('drops columns constant within regimes and those whose modal value holds ≥ maxModeShare of the rows', () => {
    const rows = Array.from({ length: 20 }, (_, i) => [i < 10 ? 5 : 9, i, i === 3 ? 2 : 1]);
    const X = fromRows(rows);
    const ids = Int32Array.from(rows, (_, i) => (i < 10 ? 0 : 1));
    expect(selectSensors(X, ids, 2)).toEqual([1]); // column 2: 19 of 20 rows modal = 0.95
    expect(selectSensors(X, ids, 2, 0.96)).toEqual([1, 2]);
    expect(selectSensors(X, new Int32Array(20), 1)).toEqual([0, 1]); // as one regime, column 0 varies (half 5, half 9)
    expectMlError(() => selectSensors(X, ids, 2, 0), 'ML_BAD_INPUT');
    expectMlError(() => selectSensors(X, new Int32Array(3), 1), 'ML_BAD_INPUT');
    expectMlError(() => selectSensors(X, ids, 1), 'ML_BAD_INPUT'); // id 1 of a single regime
  });
});

describe('piecewise-linear target', () => {
  it('is min(cap, cycles to the end + RUL at the end)', () => {
    expect(Array.from(piecewiseRul([1, 2, 3, 4, 5], 3))).toEqual([3, 3, 2, 1, 0]);
    expect(Array.from(piecewiseRul([1, 2, 3], Infinity, 2))).toEqual([4, 3, 2]);
    const long = Array.from(piecewiseRul(Array.from({ length: 200 }, (_, i) => i + 1)));
    expect(long.slice(0, 76)).toEqual([...Array(75).fill(125), 124]); // cycle 1 of 200: 199 cycles left, capped
    expectMlError(() => piecewiseRul([1, 1]), 'ML_BAD_INPUT');
    expectMlError(() => piecewiseRul([1, 2], 0), 'ML_BAD_INPUT');
    expectMlError(() => piecewiseRul([]), 'ML_BAD_INPUT');
  });
});

describe('sliding windows', () => {
  const unit = (id: number, values: number[]) => ({
    unit: id,
    cycles: Float64Array.from(values, (_, i) => i + 1),
    features: fromRows(values.map((v) => [v, -v])),
    target: Float64Array.from(values, (_, i) => values.length - 1 - i),
  });

  it('ends at every row from the first full window, back from the last; pads short units with their first row', () => {
    const w = slidingWindows([unit(4, [1, 2, 3, 4]), unit(9, [7, 8])], { length: 3 });
    expect([w.count, w.length, w.features]).toEqual([3, 3, 2]);
    expect(Array.from(w.data)).toEqual([1, -1, 2, -2, 3, -3, 2, -2, 3, -3, 4, -4, 7, -7, 7, -7, 8, -8]);
    expect(Array.from(w.unit)).toEqual([4, 4, 9]);
    expect(Array.from(w.cycle)).toEqual([3, 4, 2]);
    expect(Array.from(w.target)).toEqual([1, 0, 0]);
  });

  it('strides back from the last row, or keeps the last window only', () => {
    const long = unit(1, [1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(slidingWindows([long], { length: 2, stride: 3 }).cycle)).toEqual([4, 7]);
    const last = slidingWindows([long, unit(2, [5])], { length: 3, lastOnly: true });
    expect(Array.from(last.data)).toEqual([5, -5, 6, -6, 7, -7, 5, -5, 5, -5, 5, -5]);
    expect(Number.isNaN(slidingWindows([{ ...long, target: undefined }], { length: 2 }).target[0])).toBe(true);
    expectMlError(() => slidingWindows([long], { length: 0 }), 'ML_BAD_INPUT');
    expectMlError(() => slidingWindows([long], { length: 2, stride: 1.5 }), 'ML_BAD_INPUT');
  });
});

describe('validation split by unit', () => {
  it('partitions the units, seeded, round(fraction × units) to validation', () => {
    const units = Array.from({ length: 100 }, (_, i) => i + 1);
    const a = splitUnits(units, 0.2, 5);
    expect(a).toEqual(splitUnits([...units].reverse(), 0.2, 5));
    expect(a.validation.length).toBe(20);
    expect([...a.train, ...a.validation].sort((x, y) => x - y)).toEqual(units);
    expect(a.validation).not.toEqual(splitUnits(units, 0.2, 6).validation);
    expect(splitUnits([3, 3, 8], 0.01)).toEqual(expect.objectContaining({ validation: expect.any(Array) }));
    expect(splitUnits([3, 8], 0.99).validation.length).toBe(1);
    expectMlError(() => splitUnits([1, 1]), 'ML_BAD_INPUT');
    expectMlError(() => splitUnits([1, 2], 1), 'ML_BAD_INPUT');
  });
});

describe('RulPreprocessor on C-MAPSS', () => {
  it("selects the literature's 14 sensors on FD001 and windows every full 30-cycle window with targets capped at 125", () => {
    const train = cmapssUnits('train_FD001.txt');
    const p = RulPreprocessor.fit(train);
    expect(p.regimes.count).toBe(1);
    expect(p.features).toEqual(LITERATURE_14);
    const w = p.trainingWindows(train);
    expect(w.count).toBe(20631 - 100 * 29);
    expect(w.features).toBe(14);
    expect(Math.max(...w.target)).toBe(125);
    const lastOfUnit1 = train[0]!.cycles.length - 30;
    expect(w.target[lastOfUnit1]).toBe(0);
    expect(w.unit[lastOfUnit1 + 1]).toBe(2);
    // Standardised on the training rows: each feature has mean ≈ 0 and σ ≈ 1 over all training cycles.
    const all = p.transform(train).flatMap((u) => Array.from({ length: u.features.rows }, (_, i) => row(u.features, i)[0]!));
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    expect(Math.abs(mean)).toBeLessThan(1e-9);
    expect(Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length)).toBeCloseTo(1, 9);
  });

  it('keeps its training statistics for new data, pads short test units and carries the test RUL', () => {
    const train = cmapssUnits('train_FD001.txt');
    const p = RulPreprocessor.fit(train, { window: 40, cap: 130 });
    const shifted: UnitSeries[] = train
      .slice(0, 3)
      .map((u) => ({ ...u, sensors: { ...u.sensors, data: u.sensors.data.map((v) => v + 1) } }));
    const plain = p.transform(train.slice(0, 3));
    const moved = p.transform(shifted);
    expect(moved[0]!.features.data[0]! - plain[0]!.features.data[0]!).toBeCloseTo(1 / 0.50004115093577, 6); // s2's training σ
    const test = cmapssUnits('test_FD001.txt');
    const rul = cmapssRul('FD001');
    const last = p.lastWindows(test, rul);
    expect(last.count).toBe(100);
    expect(Array.from(last.target)).toEqual(Array.from(rul));
    const short = test.findIndex((u) => u.cycles.length < 40);
    expect(short).toBeGreaterThanOrEqual(0);
    const n = test[short]!.cycles.length;
    const first = Array.from(p.transform([test[short]!])[0]!.features.data.subarray(0, 14), Math.fround);
    const window = last.data.subarray(short * 40 * 14, (short + 1) * 40 * 14);
    for (let t = 0; t <= 40 - n; t++) expect(Array.from(window.subarray(t * 14, (t + 1) * 14))).toEqual(first);
    expect(last.cycle[short]).toBe(n);
  });

  it('round-trips through JSON with identical windows', () => {
    const train = cmapssUnits('train_FD002.txt');
    const p = RulPreprocessor.fit(train, { cap: Infinity });
    expect(p.regimes.count).toBe(6);
    expect(p.features).not.toContain('s1');
    expect(p.features.filter((s) => ['s5', 's16', 's18', 's19'].includes(s))).toEqual([]);
    expect(p.features).toEqual(expect.arrayContaining(LITERATURE_14));
    const back = RulPreprocessor.fromState(JSON.parse(JSON.stringify(p.serialize())));
    expect(back.cap).toBe(Infinity);
    const a = p.trainingWindows(train.slice(0, 5), 7);
    const b = back.trainingWindows(train.slice(0, 5), 7);
    expect(b.data).toEqual(a.data);
    expect(b.target).toEqual(a.target);
  });

  it("builds each unit's targets from its rulAtEnd (time from the last row to the failure), 0 when absent", () => {
    const train = cmapssUnits('train_FD001.txt').slice(0, 4);
    const p = RulPreprocessor.fit(train, { window: 5, cap: Infinity });
    const plain = p.trainingWindows(train);
    // Absent and 0 are the same (C-MAPSS: failure right after the last cycle).
    expect(p.trainingWindows(train.map((u) => ({ ...u, rulAtEnd: 0 }))).target).toEqual(plain.target);
    const late = train.map((u, i) => ({ ...u, rulAtEnd: 0.25 * i }));
    const w = p.trainingWindows(late);
    for (let k = 0; k < w.count; k++) expect(w.target[k]).toBeCloseTo(plain.target[k]! + 0.25 * (w.unit[k]! - 1), 12);
    const lastOfUnit2 = train[0]!.cycles.length - 5 + train[1]!.cycles.length - 4;
    expect(w.unit[lastOfUnit2]).toBe(2);
    expect(w.target[lastOfUnit2]).toBe(0.25);
    // Capped like the rest of the target.
    const capped = RulPreprocessor.fit(train, { window: 5, cap: 10 }).trainingWindows([{ ...train[0]!, rulAtEnd: 12.5 }]);
    expect(Math.max(...capped.target)).toBe(10);
    expect(capped.target[capped.count - 1]).toBe(10);
    // The last window carries it as its target, unless RUL values are given; without either the target is NaN.
    expect(Array.from(p.lastWindows(late).target)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(Array.from(p.lastWindows(late, [1, 2, 3, 4]).target)).toEqual([1, 2, 3, 4]);
    expect(p.lastWindows(train).target.every(Number.isNaN)).toBe(true);
    for (const bad of [-0.5, Number.NaN, Infinity])
      expectMlError(() => p.trainingWindows([{ ...train[0]!, rulAtEnd: bad }]), 'ML_BAD_INPUT');
  });

  it('takes an explicit sensor list and fails with stable codes on bad options, widths and states', () => {
    const train = cmapssUnits('train_FD001.txt').slice(0, 10);
    expect(RulPreprocessor.fit(train, { sensors: ['s11', 's4'] }).features).toEqual(['s11', 's4']);
    expectMlError(() => RulPreprocessor.fit(train, { sensors: ['s99'] }), 'ML_BAD_INPUT');
    expectMlError(() => RulPreprocessor.fit(train, { cap: 0 }), 'ML_BAD_INPUT');
    expectMlError(() => RulPreprocessor.fit(train, { window: 2.5 }), 'ML_BAD_INPUT');
    expectMlError(() => RulPreprocessor.fit([]), 'ML_BAD_INPUT');
    const p = RulPreprocessor.fit(train);
    const narrow = { ...train[0]!, sensors: fromRows(Array.from({ length: train[0]!.cycles.length }, () => [1, 2])) };
    expectMlError(() => p.transform([narrow]), 'ML_BAD_INPUT');
    expectMlError(() => p.lastWindows(train, [1]), 'ML_BAD_INPUT');
    const state = p.serialize();
    expectMlError(() => RulPreprocessor.fromState({ ...state, selected: [30] }), 'ML_BAD_STATE');
    expectMlError(() => RulPreprocessor.fromState({ ...state, selected: [1, 2] }), 'ML_BAD_STATE');
    expectMlError(() => RulPreprocessor.fromState({ ...state, kind: 'other' } as never), 'ML_BAD_STATE');
  });
});
