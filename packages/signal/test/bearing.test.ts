import { describe, expect, it } from 'vitest';
import { bearingDefectFrequencies, CWRU_DRIVE_END_BEARING } from '../src';

describe('bearingDefectFrequencies', () => {
  it('gives the CWRU published multiples of shaft speed for the 6205-2RS JEM drive-end bearing', () => {
    // CWRU bearing page: BPFI 5.4152, BPFO 3.5848, FTF 0.39828, BSF 2.3570 × shaft Hz
    const d = bearingDefectFrequencies(CWRU_DRIVE_END_BEARING, 1);
    expect(d.bpfi).toBeCloseTo(5.4152, 4);
    expect(d.bpfo).toBeCloseTo(3.5848, 4);
    expect(d.bsf).toBeCloseTo(2.357, 3);
    expect(d.ftf).toBeCloseTo(0.39828, 3);
  });

  it('scales with shaft speed: 1797 rpm → BPFI 162.19 Hz, BPFO 107.36 Hz', () => {
    const d = bearingDefectFrequencies(CWRU_DRIVE_END_BEARING, 1797 / 60);
    expect(d.bpfi).toBeCloseTo(5.41516 * 29.95, 1);
    expect(d.bpfo).toBeCloseTo(3.58484 * 29.95, 1);
    expect(d.bpfo + d.bpfi).toBeCloseTo(9 * 29.95, 10); // BPFO + BPFI = n·fr
  });

  it('rejects impossible geometry', () => {
    expect(() => bearingDefectFrequencies({ ...CWRU_DRIVE_END_BEARING, ballDiameter: 2 }, 30)).toThrow(RangeError);
  });
});
