import { describe, expect, it } from 'vitest';
import { createDegradationSchedule, createPlant, wearHealth, type Reading } from '../src/index';

const START = Date.UTC(2026, 0, 5, 6, 0, 0);
const MIN = 60_000;

const meanOf = (readings: Reading[], sensorId: string, from: number, to: number): number => {
  const values = readings.filter((r) => r.sensorId === sensorId && r.ts >= from && r.ts < to && r.value !== null).map((r) => r.value!);
  return values.reduce((a, b) => a + b, 0) / values.length;
};

describe('bearing wear of P-101', () => {
  it('follows an accelerating curve from 1 to 0', () => {
    expect(wearHealth(0)).toBe(1);
    expect(wearHealth(1)).toBeCloseTo(0, 12);
    let previous = 1;
    for (let x = 0.05; x <= 1; x += 0.05) {
      const h = wearHealth(x);
      expect(h).toBeLessThan(previous);
      previous = h;
    }
    expect(1 - wearHealth(0.5)).toBeLessThan(0.5); // most of the loss comes late
  });

  it('reports ground truth through onset, failure, repair and restoration', () => {
    const plant = createPlant({ startTime: START });
    const truth = (minutes: number) => plant.groundTruth('P-101', START + minutes * MIN);
    expect(truth(10)).toEqual({ health: 1, rulMinutes: 230, state: 'running', failureMode: null });
    expect(truth(100)).toMatchObject({ state: 'degrading', failureMode: 'bearing-wear' });
    expect(truth(100).rulMinutes).toBeCloseTo(140, 9);
    expect(truth(239.9).health).toBeLessThan(0.01);
    expect(truth(240)).toEqual({ health: 0, rulMinutes: 0, state: 'failed', failureMode: 'bearing-wear' });
    expect(truth(250).state).toBe('repair');
    expect(truth(270)).toMatchObject({ health: 1, state: 'running', failureMode: null });
    expect(plant.groundTruth('P-102', START + 240 * MIN)).toEqual({ health: 1, rulMinutes: null, state: 'running', failureMode: null });
    expect(() => plant.groundTruth('X-999')).toThrow(RangeError);
  });

  it('starts later cycles after each repair, with a seeded lifetime of 80-120 %', () => {
    const schedule = createDegradationSchedule(START, 42);
    let t = START + 271 * MIN;
    for (let cycle = 1; cycle <= 5; cycle++) {
      const failureAt = schedule.at(t).failureAt;
      const lifetime = (failureAt - t) / MIN; // t is 1 min into the cycle
      expect(lifetime).toBeGreaterThanOrEqual(0.8 * 210 + 29 - 1e-9);
      expect(lifetime).toBeLessThanOrEqual(1.2 * 210 + 29 + 1e-9);
      expect(schedule.at(failureAt).state).toBe('failed');
      expect(schedule.at(failureAt + 30 * MIN).health).toBe(1);
      t = failureAt + 31 * MIN;
    }
  });

  it('raises vibration monotonically, leaves baseline within 90 min and fails near failureMinutes', () => {
    const plant = createPlant({ startTime: START, samplingHz: 1, assets: ['P-101'] }); // same values as the full plant
    const readings = plant.step(START + 300 * MIN);
    const vib = (from: number, to: number) => meanOf(readings, 'P-101.vibration', START + from * MIN, START + to * MIN);
    const baseline = vib(0, 30);
    expect(baseline).toBeGreaterThan(2.0);
    expect(baseline).toBeLessThan(2.4);
    const windows = [30, 60, 90, 120, 150, 180, 210].map((m) => vib(m, m + 30));
    for (let i = 1; i < windows.length; i++) expect(windows[i]!).toBeGreaterThan(windows[i - 1]!);
    expect(vib(85, 90)).toBeGreaterThan(1.5 * 2.2);
    expect(vib(235, 240)).toBeGreaterThan(11);
    expect(meanOf(readings, 'P-101.temperature', START + 230 * MIN, START + 240 * MIN)).toBeGreaterThan(
      meanOf(readings, 'P-101.temperature', START, START + 30 * MIN) + 10,
    );
    const at = (sensorId: string, minute: number) => readings.find((r) => r.sensorId === sensorId && r.ts === START + minute * MIN)!;
    expect(at('P-101.vibration', 239).quality).toBe('good');
    expect(at('P-101.vibration', 241)).toMatchObject({ value: null, quality: 'bad' });
    expect(at('P-101.current', 241)).toMatchObject({ value: 0, quality: 'good' });
    expect(at('P-101.pressure', 255)).toMatchObject({ value: 0, quality: 'uncertain' });
    expect(at('P-101.vibration', 275).quality).toBe('good');
    expect(vib(275, 300)).toBeLessThan(2.6);
  });

  it('keeps the P-101 timing when the legacy options move it', () => {
    const plant = createPlant({ startTime: START, degradation: { onsetMinutes: 2, failureMinutes: 6, repairMinutes: 8 } });
    expect(plant.groundTruth('P-101', START + 6 * MIN)).toMatchObject({ state: 'failed', failureMode: 'bearing-wear' });
    expect(createPlant({ startTime: START, degradingAssetId: 'P-102' }).failures().map((f) => `${f.assetId}:${f.mode}`)).toEqual([
      'P-102:bearing-wear',
      'F-302:imbalance',
    ]);
  });

  it('rejects inconsistent timing', () => {
    expect(() => createPlant({ degradation: { onsetMinutes: 60, failureMinutes: 30 } })).toThrow(RangeError);
  });
});
