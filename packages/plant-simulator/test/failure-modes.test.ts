import { describe, expect, it } from 'vitest';
import { createPlant, type FailureMode, type FailureSpec, type Reading } from '../src/index';

const START = Date.UTC(2026, 0, 5, 6, 0, 0);
const MIN = 60_000;
/** Healthy for 60 min, degrading until 300 min, failed at 300. */
const TIMING = { onsetMinutes: 60, failureMinutes: 300, repairMinutes: 30 };

/**
 * Runs the asset twice with the same seed, with and without the failure. Load, speed steps and
 * noise are then identical, so the ratio of the two isolates the failure's signature.
 */
function run(assetId: string, mode: FailureMode) {
  const simulate = (failures: FailureSpec[]): Reading[] =>
    createPlant({ seed: 11, startTime: START, samplingHz: 1 / 5, failures, assets: [assetId] }).step(START + 300 * MIN);
  const degraded = simulate([{ assetId, mode, ...TIMING }]);
  const healthy = simulate([]);
  const mean = (readings: Reading[], sensor: string, from: number, to: number): number => {
    const v = readings.filter((r) => r.sensorId === `${assetId}.${sensor}` && r.ts >= START + from * MIN && r.ts < START + to * MIN);
    return v.reduce((a, r) => a + r.value!, 0) / v.length;
  };
  return {
    /** Degraded over healthy twin, in a window of minutes (default: the last 20 before failure). */
    ratio: (sensor: string, from = 280, to = 300) => mean(degraded, sensor, from, to) / mean(healthy, sensor, from, to),
    rise: (sensor: string, from = 280, to = 300) => mean(degraded, sensor, from, to) - mean(healthy, sensor, from, to),
    mean: (sensor: string, from = 280, to = 300) => mean(degraded, sensor, from, to),
  };
}

describe('failure mode signatures', () => {
  it('bearing wear raises the BPFO line first, then broadband RMS and bearing temperature', () => {
    const m = run('M-201', 'bearing-wear');
    expect(m.ratio('bpfo_amplitude')).toBeGreaterThan(20);
    expect(m.ratio('vibration')).toBeGreaterThan(4);
    expect(m.rise('temperature')).toBeGreaterThan(12);
    expect(m.ratio('amplitude_1x')).toBeCloseTo(1, 1);
    // Early in the degradation the defect line has grown far more, relatively, than the RMS.
    expect(m.ratio('bpfo_amplitude', 100, 120)).toBeGreaterThan(3 * m.ratio('vibration', 100, 120));
  });

  it('imbalance raises the 1× running-speed line, and overall RMS with it, not the BPFO line', () => {
    const m = run('F-302', 'imbalance');
    expect(m.mean('amplitude_1x')).toBeGreaterThan(9);
    expect(m.ratio('amplitude_1x')).toBeGreaterThan(5);
    expect(m.ratio('vibration')).toBeGreaterThan(2.5);
    expect(m.ratio('bpfo_amplitude')).toBeCloseTo(1, 1);
  });

  it('impeller wear lowers flow and discharge pressure as the affinity laws say', () => {
    const m = run('P-103', 'impeller-wear');
    // D' → 0.82·D at failure: Q ∝ D → −18 %, H ∝ D² → −33 %.
    expect(m.ratio('flow')).toBeGreaterThan(0.8);
    expect(m.ratio('flow')).toBeLessThan(0.86);
    expect(m.ratio('pressure')).toBeGreaterThan(0.65);
    expect(m.ratio('pressure')).toBeLessThan(0.72);
    expect(m.ratio('current')).toBeLessThan(0.9);
    expect(m.ratio('vibration')).toBeCloseTo(1, 1);
  });

  it('insulation degradation raises winding temperature and current', () => {
    const m = run('M-202', 'insulation');
    expect(m.rise('winding_temperature')).toBeGreaterThan(30);
    expect(m.ratio('current')).toBeGreaterThan(1.08);
    expect(m.ratio('vibration')).toBeCloseTo(1, 1);
  });

  it('trips the asset at failure and restores it after repair', () => {
    const failures: FailureSpec[] = [{ assetId: 'M-202', mode: 'insulation', ...TIMING }];
    const plant = createPlant({ seed: 11, startTime: START, failures, assets: ['M-202'] });
    const readings = plant.step(START + 400 * MIN);
    const at = (sensor: string, minute: number) => readings.find((r) => r.sensorId === `M-202.${sensor}` && r.ts === START + minute * MIN)!;
    expect(at('current', 302)).toMatchObject({ value: 0, quality: 'good' });
    // An electrical trip leaves the accelerometer intact: standstill, not a bad reading.
    expect(at('vibration', 302).quality).toBe('good');
    expect(at('current', 320).quality).toBe('uncertain');
    expect(at('current', 340)).toMatchObject({ quality: 'good' });
    expect(at('current', 340).value!).toBeGreaterThan(30);
    expect(plant.groundTruth('M-202', START + 340 * MIN)).toMatchObject({ health: 1, failureMode: null });
  });

  it('refuses a failure mode the asset cannot show', () => {
    expect(() => createPlant({ failures: [{ assetId: 'F-301', mode: 'impeller-wear' }] })).toThrow(/impeller-wear applies to centrifugal-pump/);
    expect(() => createPlant({ failures: [{ assetId: 'C-601', mode: 'imbalance' }] })).toThrow(/needs sensors amplitude_1x/);
    expect(() => createPlant({ failures: [{ assetId: 'X-1', mode: 'imbalance' }] })).toThrow(/unknown asset X-1/);
    expect(() =>
      createPlant({ failures: [{ assetId: 'P-101', mode: 'imbalance' }, { assetId: 'P-101', mode: 'bearing-wear' }] }),
    ).toThrow(/more than one failure mode/);
    expect(createPlant({ failures: [] }).failures()).toEqual([]);
  });
});
