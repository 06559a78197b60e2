import { describe, expect, it } from 'vitest';
import { amplitudeAt, amplitudeSpectrum, bandEnergy, envelopeSpectrum, hilbertEnvelope, spectralFeatures, topPeaks } from '../src';

const fs = 1024;
const n = 1024;
function tone(f: number, a: number, phase = 0): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => a * Math.sin(2 * Math.PI * f * (i / fs) + phase));
}

describe('amplitudeSpectrum', () => {
  it('reads the amplitude and frequency of a bin-centred sine', () => {
    const s = amplitudeSpectrum(tone(100, 3, 0.4), fs);
    expect(s.df).toBe(1);
    expect(s.amplitude[100]).toBeCloseTo(3, 12);
    expect(spectralFeatures(s).dominant_frequency).toBe(100);
    expect(spectralFeatures(s).spectral_centroid).toBeCloseTo(100, 9);
    expect(amplitudeAt(s, 100.4)).toBeCloseTo(3, 12);
  });

  it('satisfies Parseval: Σ power = mean x², and bands partition it', () => {
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) + 0.3 * Math.cos(i * 1.9) + 0.1 * ((i * 7919) % 13));
    const s = amplitudeSpectrum(x, fs);
    const meanSquare = x.reduce((acc, v) => acc + v * v, 0) / n;
    expect(s.power.reduce((acc, v) => acc + v, 0)).toBeCloseTo(meanSquare, 10);
    expect(bandEnergy(s, 0, 100) + bandEnergy(s, 100, 513)).toBeCloseTo(meanSquare, 10);
  });

  it('puts the rolloff and spread of a two-tone signal where the formulas say', () => {
    // power 0.5 at 100 Hz and 0.125 at 300 Hz: centroid = (50 + 37.5)/0.625 = 140, spread = √(1600·0.8 + 25600·0.2) = 80
    const x = tone(100, 1).map((v, i) => v + tone(300, 0.5)[i]!);
    const f = spectralFeatures(amplitudeSpectrum(x, fs));
    expect(f.spectral_centroid).toBeCloseTo(140, 8);
    expect(f.spectral_spread).toBeCloseTo(80, 8);
    expect(f.spectral_rolloff).toBe(300);
  });

  it('gives white-ish noise a flatness near 1 and a pure tone near 0', () => {
    const noise = Float64Array.from({ length: n }, (_, i) => Math.sin(i * i * 0.7331) * 1.7);
    expect(spectralFeatures(amplitudeSpectrum(noise, fs)).spectral_flatness).toBeGreaterThan(0.4);
    expect(spectralFeatures(amplitudeSpectrum(tone(64, 1), fs)).spectral_flatness).toBeLessThan(1e-6);
  });

  it('rejects window lengths that are not powers of two', () => {
    expect(() => amplitudeSpectrum(new Float64Array(1000), fs)).toThrow(/power of two/);
  });
});

describe('Hilbert envelope', () => {
  it('recovers the modulation of an AM signal: 1 + 0.5 cos(2π·8t) on a 200 Hz carrier', () => {
    const x = Float64Array.from(
      { length: n },
      (_, i) => (1 + 0.5 * Math.cos((2 * Math.PI * 8 * i) / fs)) * Math.cos((2 * Math.PI * 200 * i) / fs),
    );
    const env = hilbertEnvelope(x);
    for (let i = 0; i < n; i++) expect(env[i]).toBeCloseTo(1 + 0.5 * Math.cos((2 * Math.PI * 8 * i) / fs), 9);
    const es = envelopeSpectrum(x, fs, [150, 250]);
    expect(topPeaks(es, 1)[0]! * es.df).toBe(8);
    expect(es.amplitude[8]).toBeCloseTo(0.5, 9);
  });
});
