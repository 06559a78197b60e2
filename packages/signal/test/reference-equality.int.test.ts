import { beforeAll, describe, expect, it } from 'vitest';
import {
  absEnergy,
  amplitudeSpectrum,
  autocorrelation,
  bandEnergy,
  extractFeatures,
  c3,
  cidCe,
  envelopeSpectrum,
  hilbertEnvelope,
  meanAbsChange,
  numberPeaks,
  sampleEntropy,
  shapeFactors,
  spectralFeatures,
  timeDomainFeatures,
  trendSlope,
  waveletPacketEnergies,
  wavedec,
  waverec,
  zeroCrossingRate,
  type WaveletName,
} from '../src';
import { cwruSignal } from './support/cwru';
import { runPythonFixture } from './support/python';
import { gaussian, sinusoid } from './support/windows';

// Every feature vs numpy / scipy / PyWavelets / tsfresh on the same windows, to relative 1e-6.
// Closeness: |ours − ref| ≤ 1e-6·max(|ref|, 1e-9·S), S the largest |value| of the compared array (1 for scalars),
// so quantities that are exactly 0 in theory (e.g. a mean of 1e-17) do not demand 1e-6 of their rounding noise.
const REL = 1e-6;
const BANDS: [number, number][] = [
  [0, 500],
  [500, 2000],
  [2000, 6000],
];

interface Window {
  id: string;
  fs: number;
  x: Float64Array;
  sampleEntropy: boolean;
}
interface Reference {
  time: Record<string, number>;
  wavelets: Record<WaveletName, { wavedec: number[][]; wavedec3: number[][]; waverec: number[]; packet3: number[] }>;
  db4_levels4?: { energy: number[]; relative_energy: number[]; entropy: number[] };
  amplitude?: number[];
  spectral?: Record<string, number>;
  bands?: number[];
  envelope?: number[];
  envelope_spectrum?: number[];
}

function windows(): Window[] {
  const ir = cwruSignal('IR007_0.csv');
  const or = cwruSignal('OR021_centered_at_6_0.csv');
  return [
    { id: 'random-1024', fs: 12000, x: gaussian(1024, 1, 0.7, 0.3), sampleEntropy: true },
    { id: 'random-1000', fs: 12000, x: gaussian(1000, 2), sampleEntropy: false }, // not a power of two: no FFT
    { id: 'sine-2048', fs: 12000, x: sinusoid(2048, 12000, 29.95, 3), sampleEntropy: false },
    { id: 'sine-512', fs: 1000, x: sinusoid(512, 1000, 50, 4), sampleEntropy: true },
    { id: 'cwru-ir007-2048', fs: 12000, x: ir.slice(5000, 5000 + 2048), sampleEntropy: false },
    { id: 'cwru-or021-1024', fs: 12000, x: or.slice(20000, 20000 + 1024), sampleEntropy: true },
  ];
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let scale = 1;
  if (expected.length > 1) {
    scale = 0;
    for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  }
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e)) {
      expect(a, `${what}[${i}]`).toBeNaN();
      continue;
    }
    const tol = REL * Math.max(Math.abs(e), 1e-9 * scale);
    if (!(Math.abs(a - e) <= tol)) throw new Error(`${what}[${i}]: ${a} vs reference ${e} (tolerance ${tol})`);
  }
}

const wins = windows();
let refs: Record<string, Reference>;

beforeAll(() => {
  const input = { windows: wins.map((w) => ({ id: w.id, fs: w.fs, x: Array.from(w.x), bands: BANDS, sample_entropy: w.sampleEntropy })) };
  refs = runPythonFixture<{ results: Record<string, Reference> }>('reference.py', input).results;
});

describe.each(wins)('$id', (w) => {
  const ref = (): Reference => refs[w.id]!;

  it('time-domain and tsfresh features equal numpy/scipy/tsfresh', () => {
    const t = ref().time;
    const ours: Record<string, number> = { ...timeDomainFeatures(w.x), ...shapeFactors(w.x) };
    Object.assign(ours, {
      zero_crossing_rate: zeroCrossingRate(w.x),
      trend_slope: trendSlope(w.x),
      tsfresh_linear_trend_slope: trendSlope(w.x),
      abs_energy: absEnergy(w.x),
      mean_abs_change: meanAbsChange(w.x),
      cid_ce: cidCe(w.x, true),
      cid_ce_raw: cidCe(w.x, false),
    });
    for (const lag of [1, 2, 5, 10]) ours[`autocorrelation_lag_${lag}`] = autocorrelation(w.x, lag);
    for (const lag of [1, 2, 3]) ours[`c3_lag_${lag}`] = c3(w.x, lag);
    for (const n of [1, 5, 10]) ours[`number_peaks_${n}`] = numberPeaks(w.x, n);
    if (w.sampleEntropy) ours.sample_entropy = sampleEntropy(w.x);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(t).sort());
    for (const [name, value] of Object.entries(t)) expectClose([ours[name]!], [value], name);
  });

  it.each(['db1', 'db4', 'sym4'] as const)('%s wavedec, waverec and packet energies equal PyWavelets', (name) => {
    const r = ref().wavelets[name];
    const full = wavedec(w.x, name);
    expect(full.length).toBe(r.wavedec.length);
    full.forEach((c, j) => {
      expectClose(c, r.wavedec[j]!, `${name} wavedec[${j}]`);
      for (let i = 0; i < c.length; i++) expect(Math.abs(c[i]! - r.wavedec[j]![i]!)).toBeLessThanOrEqual(1e-10);
    });
    wavedec(w.x, name, 3).forEach((c, j) => expectClose(c, r.wavedec3[j]!, `${name} wavedec level 3 [${j}]`));
    expectClose(waverec(full, name), r.waverec, `${name} waverec`);
    expectClose(waveletPacketEnergies(w.x, name, 3), r.packet3, `${name} packet level 3`);
  });

  it('spectrum, spectral features, band energies and Hilbert envelope equal numpy/scipy', () => {
    const r = ref();
    if ((w.x.length & (w.x.length - 1)) !== 0) {
      expect(r.amplitude, 'reference computed no spectrum for a non-power-of-two window').toBeUndefined();
      expect(() => amplitudeSpectrum(w.x, w.fs)).toThrow(/power of two/);
      return;
    }
    const s = amplitudeSpectrum(w.x, w.fs);
    expectClose(s.amplitude, r.amplitude!, 'amplitude');
    const sf = spectralFeatures(s) as unknown as Record<string, number>;
    for (const [name, value] of Object.entries(r.spectral!)) expectClose([sf[name]!], [value], name);
    expectClose(
      BANDS.map(([lo, hi]) => bandEnergy(s, lo, hi)),
      r.bands!,
      'band energies',
    );
    expectClose(hilbertEnvelope(w.x), r.envelope!, 'hilbert envelope');
    // Bin 0 of the mean-removed envelope is 0 by construction: both sides hold rounding noise (≈1e-16) there, so it
    // is checked against the spectrum's peak; every other bin is compared to relative 1e-6.
    const env = envelopeSpectrum(w.x, w.fs).amplitude;
    const peak = Math.max(...r.envelope_spectrum!);
    expect(Math.abs(env[0]!)).toBeLessThan(1e-12 * peak);
    expectClose(env.subarray(1), r.envelope_spectrum!.slice(1), 'envelope spectrum');
  });

  it('extractFeatures reports the same numbers under its stable names', () => {
    const r = ref();
    const f = extractFeatures(w.x, { fs: w.fs, bands: BANDS, sampleEntropy: w.sampleEntropy });
    for (const [name, value] of Object.entries(r.time)) {
      if (name in f) expectClose([f[name]!], [value], `extractFeatures.${name}`);
    }
    const levels = r.db4_levels4!;
    ['a4', 'd4', 'd3', 'd2', 'd1'].forEach((l, j) => {
      expectClose([f[`wavelet_energy_${l}`]!], [levels.energy[j]!], `wavelet_energy_${l}`);
      expectClose([f[`wavelet_relative_energy_${l}`]!], [levels.relative_energy[j]!], `wavelet_relative_energy_${l}`);
      expectClose([f[`wavelet_entropy_${l}`]!], [levels.entropy[j]!], `wavelet_entropy_${l}`);
    });
    expectClose(
      Array.from({ length: 8 }, (_, i) => f[`wavelet_packet_energy_${i}`]!),
      r.wavelets.db4.packet3,
      'packet energies',
    );
    if (r.spectral === undefined) return;
    for (const [name, value] of Object.entries(r.spectral)) expectClose([f[name]!], [value], `extractFeatures.${name}`);
    BANDS.forEach(([lo, hi], i) => expectClose([f[`band_energy_${lo}_${hi}`]!], [r.bands![i]!], `band_energy_${lo}_${hi}`));
  });
});
