import { describe, expect, it } from 'vitest';
import { BEARINGS, createPlant, defectFrequencies, type Reading } from '../src/index';

describe('bearing defect frequencies', () => {
  it('match the published multiples of shaft speed for a 6205 (CWRU test rig, 1797 rpm)', () => {
    const fr = 1797 / 60;
    const f = defectFrequencies(BEARINGS['6205'], 1797);
    expect(f.bpfo / fr).toBeCloseTo(3.5848, 3);
    expect(f.bpfi / fr).toBeCloseTo(5.4152, 3);
    expect(f.ftf / fr).toBeCloseTo(0.39828, 4);
    expect((2 * f.bsf) / fr).toBeCloseTo(4.7135, 2); // CWRU tabulates twice the ball spin
    expect(f.bpfo).toBeCloseTo(107.36, 1);
  });

  it('scale with speed and shift with contact angle', () => {
    const slow = defectFrequencies(BEARINGS['6309'], 1480);
    const fast = defectFrequencies(BEARINGS['6309'], 2960);
    expect(fast.bpfo).toBeCloseTo(2 * slow.bpfo, 9);
    const radial = defectFrequencies({ ...BEARINGS['7310'], contactAngleDeg: 0 }, 2980);
    expect(defectFrequencies(BEARINGS['7310'], 2980).bpfo).toBeGreaterThan(radial.bpfo);
  });

  it('sets the healthy BPFO velocity line from geometry: the same impacts read lower at a higher BPFO', () => {
    const readings = createPlant({ seed: 5, startTime: 0, failures: [], samplingHz: 1 / 10 }).step(3_600_000);
    const mean = (id: string) => {
      const v = readings.filter((r: Reading) => r.sensorId === id).map((r) => r.value!);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    // v = a / (2π·BPFO): P-101 (6309, 2960 rpm, BPFO ≈ 150 Hz) vs M-201 (6310, 1480 rpm, ≈ 75 Hz).
    const ratio = mean('M-201.bpfo_amplitude') / mean('P-101.bpfo_amplitude');
    const expected = defectFrequencies(BEARINGS['6309'], 2960).bpfo / defectFrequencies(BEARINGS['6310'], 1480).bpfo;
    expect(ratio).toBeCloseTo(expected, 1);
  });
});
