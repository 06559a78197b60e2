import { describe, expect, it } from 'vitest';
import {
  amplitudeSpectrum,
  autocorrelation,
  bearingDefectFrequencies,
  c3,
  CWRU_DRIVE_END_BEARING,
  envelopeSpectrum,
  extractFeatures,
  extractFeaturesInto,
  featureNames,
  numberPeaks,
  spectralFeatures,
  timeDomainFeatures,
  waveletLevelFeatures,
  waveletPacketEnergies,
  wavedec,
  type ExtractOptions,
} from '../src';
import { sinusoid } from './support/windows';

const fs = 12000;
const options: ExtractOptions = {
  fs,
  rpm: 1797,
  bearing: CWRU_DRIVE_END_BEARING,
  bands: [
    [0, 1000],
    [1000, 6000],
  ],
};
const x = sinusoid(2048, fs, 29.95, 9);

describe('extractFeatures', () => {
  it('returns exactly featureNames, in order, all finite', () => {
    const f = extractFeatures(x, options);
    expect(Object.keys(f)).toEqual(featureNames(x.length, options));
    expect(Object.keys(f)).toHaveLength(66);
    for (const [name, v] of Object.entries(f)) expect(Number.isFinite(v), name).toBe(true);
    const out = new Float64Array(70);
    expect(extractFeaturesInto(x, options, out, 1)).toBe(66);
    expect(out[1]).toBe(f.mean);
  });

  it('equals the single-purpose functions it is built from', () => {
    const f = extractFeatures(x, options);
    const t = timeDomainFeatures(x);
    expect(f.kurtosis).toBe(t.kurtosis);
    expect(f.autocorrelation_lag_5).toBeCloseTo(autocorrelation(x, 5), 12);
    expect(f.c3_lag_2).toBeCloseTo(c3(x, 2), 12);
    expect(f.number_peaks_5).toBe(numberPeaks(x, 5));
    const s = spectralFeatures(amplitudeSpectrum(x, fs));
    expect(f.spectral_centroid).toBe(s.spectral_centroid);
    // sinusoid() has harmonics of amplitude 1 and 0.5; 29.95 Hz lies 0.11 bin off a bin centre, so the rectangular
    // window's scalloping loss reads a little low (≤ 36 % at half a bin)
    expect(f.amp_1x).toBeGreaterThan(0.95);
    expect(f.amp_1x).toBeLessThan(1.01);
    expect(f.amp_2x).toBeGreaterThan(0.45);
    expect(f.amp_2x).toBeLessThan(0.51);
    const d = bearingDefectFrequencies(CWRU_DRIVE_END_BEARING, 1797 / 60);
    const env = envelopeSpectrum(x, fs);
    expect(f.envelope_bpfi).toBe(Math.max(...[-1, 0, 1].map((j) => env.amplitude[Math.round(d.bpfi / env.df) + j]!)));
    const levels = waveletLevelFeatures(wavedec(x, 'db4', 4));
    expect(f.wavelet_energy_a4).toBeCloseTo(levels.energy[0]!, 9);
    expect(f.wavelet_entropy_d1).toBeCloseTo(levels.entropy[4]!, 9);
    expect(f.wavelet_packet_energy_7).toBeCloseTo(waveletPacketEnergies(x, 'db4', 3)[7]!, 9);
  });

  it('leaves out frequency features when the length is not a power of two, and adds sample entropy on request', () => {
    const names = featureNames(1000, { fs, sampleEntropy: true });
    expect(names).toContain('sample_entropy');
    expect(names).not.toContain('spectral_centroid');
    expect(Object.keys(extractFeatures(x.subarray(0, 1000), { fs, sampleEntropy: true }))).toEqual(names);
  });
});
