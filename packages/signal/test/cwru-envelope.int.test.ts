import { describe, expect, it } from 'vitest';
import { bearingDefectFrequencies, CWRU_DRIVE_END_BEARING, envelopeSpectrum, topPeaks } from '../src';
import { cwruLabels, cwruSignal, type CwruRecording } from './support/cwru';

// Envelope analysis of the CWRU 12 kHz drive-end 0 hp recordings. Each recording is cut into windows of 2^14 samples
// (1.37 s, 0.73 Hz resolution); each window is band-passed to 2–5 kHz (structural resonances excited by the
// impacts; the ideal FFT band-pass of envelope.ts) and demodulated. The defect frequency — BPFI for inner race,
// BPFO for outer race, from the 6205-2RS geometry at the rpm in labels.csv — must be one of the 5 largest
// envelope-spectrum peaks in 5–600 Hz, within ±1.5 % (slip and bin width), in every window.
const N = 1 << 14;
const BAND: [number, number] = [2000, 5000];
const TOP = 5;
// OR014 @ 6:00 (CWRU file 197): no BPFO line in the envelope spectrum, whatever the band (whole band and 1 kHz bands
// from 0.5 to 6 kHz tried); its top lines are at 179 and 161 Hz. Recorded here as a data exception, asserted below.
const NO_VISIBLE_DEFECT = new Set(['OR014_centered_at_6_0.csv']);

function defectRanks(r: CwruRecording): { target: number; ranks: number[] } {
  const x = cwruSignal(r.file);
  const d = bearingDefectFrequencies(CWRU_DRIVE_END_BEARING, r.rpm / 60);
  const target = r.faultLocation === 'inner_race' ? d.bpfi : d.bpfo;
  const ranks: number[] = [];
  for (let start = 0; start + N <= x.length; start += N) {
    const env = envelopeSpectrum(x.subarray(start, start + N), r.fs, BAND);
    const peaks = topPeaks(env, 10, 5, 600);
    ranks.push(peaks.findIndex((k) => Math.abs(k * env.df - target) <= 0.015 * target));
  }
  return { target, ranks };
}

const faults = cwruLabels().filter((r) => r.faultLocation === 'inner_race' || r.faultLocation.startsWith('outer_race'));

describe('CWRU envelope spectrum', () => {
  it('covers the three inner-race and three outer-race recordings at ≈1797 rpm and 12 kHz', () => {
    expect(faults.map((r) => r.file.slice(0, 5)).sort()).toEqual(['IR007', 'IR014', 'IR021', 'OR007', 'OR014', 'OR021']);
    for (const r of faults) {
      expect(r.fs).toBe(12000);
      expect(Math.abs(r.rpm - 1797)).toBeLessThanOrEqual(1);
    }
  });

  it.each(faults.filter((r) => !NO_VISIBLE_DEFECT.has(r.file)).map((r) => [r.file, r] as const))(
    '%s: the defect frequency is among the top envelope peaks of every window',
    (_file, r) => {
      const { target, ranks } = defectRanks(r);
      expect(ranks.length).toBeGreaterThanOrEqual(7);
      for (const [w, rank] of ranks.entries()) {
        expect(rank, `window ${w}: ${target.toFixed(1)} Hz not in the top ${TOP} peaks`).toBeGreaterThanOrEqual(0);
        expect(rank).toBeLessThan(TOP);
      }
    },
  );

  it('OR014 (CWRU 197) shows no BPFO line in its top 10 peaks — the documented exception', () => {
    const r = faults.find((f) => NO_VISIBLE_DEFECT.has(f.file))!;
    expect(defectRanks(r).ranks.every((rank) => rank < 0)).toBe(true);
  });
});
