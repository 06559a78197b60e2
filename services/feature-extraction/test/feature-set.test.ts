import { describe, expect, it } from 'vitest';
import { extractFeatures, featureNames } from '@vigie/signal';
import { describeFeature } from '../src/domain/feature-catalog';
import { featureDefinitions } from '../src/domain/feature-definitions';
import { FeatureProfiles } from '../src/domain/feature-profiles';
import { computeFeatureSet, samplingRateHz } from '../src/domain/feature-set';

const signal = (n: number, fs = 100) =>
  Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 5 * i) / fs) + 0.3 * Math.sin((2 * Math.PI * 17 * i) / fs) + 2);

describe('computeFeatureSet', () => {
  it('keeps only the selected families; time alone still carries what anomaly detection and RUL read', () => {
    const { features } = computeFeatureSet(signal(600), { families: ['time'] }, 100);
    for (const name of ['mean', 'std', 'rms', 'min', 'max', 'kurtosis', 'skewness', 'crest_factor', 'peak_to_peak'])
      expect(features[name]).toBeTypeOf('number');
    expect(Object.keys(features).every((n) => describeFeature(n)?.family === 'time')).toBe(true);
    expect(features.rms).toBeCloseTo(extractFeatures(signal(600), { fs: 100 }).rms!, 12);
  });

  it('computes spectral features on the newest power-of-two run of a window that is not one', () => {
    const x = signal(600);
    const set = computeFeatureSet(x, { families: ['time', 'spectral', 'wavelet'], bands: [[4, 6]] }, 100);
    expect(set.spectralSamples).toBe(512);
    const tail = extractFeatures(x.subarray(88), { fs: 100, bands: [[4, 6]] });
    expect(set.features.dominant_frequency).toBe(tail.dominant_frequency);
    expect(set.features.band_energy_4_6).toBe(tail.band_energy_4_6);
    expect(set.features.dominant_frequency).toBeCloseTo(5, 0);
    // Time and wavelet features stay on the whole window.
    expect(set.features.mean).toBe(extractFeatures(x, { fs: 100 }).mean);
    expect(set.features.wavelet_energy_a4).toBe(extractFeatures(x, { fs: 100 }).wavelet_energy_a4);
    expect(set.features.trend_slope).toBeUndefined();
  });

  it('leaves the spectral family out under 16 samples and reports undefined features instead of sending NaN', () => {
    const set = computeFeatureSet(Float64Array.from([5, 5, 5, 5, 5, 5, 5, 5]), { families: ['time', 'tsfresh', 'spectral'] }, 1);
    expect(set.spectralSamples).toBe(0);
    expect(set.features.dominant_frequency).toBeUndefined();
    expect(set.omitted).toContain('autocorrelation_lag_1');
    expect(Object.values(set.features).every(Number.isFinite)).toBe(true);
  });

  it('derives the rate from the median spacing, robust to a gap', () => {
    expect(samplingRateHz(Float64Array.from([0, 100, 200, 300, 5000, 5100]))).toBe(10);
    expect(samplingRateHz(Float64Array.from([0]))).toBeUndefined();
  });
});

describe('feature catalog and definitions', () => {
  it('describes every name the extractor can produce under the richest options', () => {
    const names = featureNames(1024, {
      fs: 1000,
      rpm: 1800,
      bearing: { balls: 9, ballDiameter: 0.3, pitchDiameter: 1.5, contactAngle: 0 },
      bands: [[0.5, 10]],
      sampleEntropy: true,
    });
    expect(names.filter((n) => describeFeature(n) === null)).toEqual([]);
    expect(describeFeature('band_energy_0.5_10')).toMatchObject({ family: 'spectral', unit: 'signal²' });
    expect(describeFeature('spectral_centroid')).toMatchObject({ unit: 'Hz' });
  });

  it('lists, per profile, each feature it can store with its window and unit, quality_ratio included', () => {
    const profiles = FeatureProfiles.parse(
      {
        profiles: {
          default: { features: { families: ['time'] } },
          pump: { window: { kind: 'sliding', seconds: 60, hopSeconds: 30 }, features: { families: ['spectral'], rpm: 1500 } },
        },
      },
      { windowSeconds: 600, minSamples: 5 },
    );
    const defs = featureDefinitions(profiles.all);
    const of = (p: string) => defs.filter((d) => d.profile === p).map((d) => d.name);
    expect(of('default')).toEqual([
      'mean',
      'std',
      'rms',
      'min',
      'max',
      'skewness',
      'kurtosis',
      'crest_factor',
      'peak_to_peak',
      'variance',
      'shape_factor',
      'impulse_factor',
      'clearance_factor',
      'zero_crossing_rate',
      'quality_ratio',
    ]);
    expect(of('pump')).toContain('amp_1x');
    expect(of('pump')).not.toContain('mean');
    expect(defs.find((d) => d.profile === 'pump' && d.name === 'amp_2x')).toMatchObject({
      window: '60s sliding, hop 30s',
      unit: 'signal',
      family: 'spectral',
      version: 1,
    });
    expect(defs.find((d) => d.profile === 'default' && d.name === 'rms')).toMatchObject({ window: '600s tumbling', unit: 'signal' });
  });
});
