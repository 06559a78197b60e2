import { describe, expect, it } from 'vitest';
import { loadFeatureProfiles } from '../src/adapters/feature-profiles-file';
import { FeatureExtractionConfigSchema } from '../src/config';
import { describeWindow, FeatureProfiles, FeatureProfilesError, sensorKindOf } from '../src/domain/feature-profiles';

const base = { windowSeconds: 600, minSamples: 5 };

describe('feature profiles', () => {
  it('ships a valid file whose default keeps the configured window length and the features anomaly detection and RUL read', () => {
    const profiles = loadFeatureProfiles(FeatureExtractionConfigSchema.parse({ windowSeconds: 300, minSamples: 4 }));
    const d = profiles.resolve(undefined, 'X-1.temperature');
    expect(d).toMatchObject({ name: 'default', window: { kind: 'tumbling', lengthMs: 300_000, hopMs: 300_000 }, minSamples: 4 });
    expect(d.features.families).toContain('time');
    expect(profiles.resolve('centrifugal-pump', 'P-101.vibration')).toMatchObject({
      name: 'centrifugal-pump/vibration',
      window: { kind: 'sliding', lengthMs: 300_000, hopMs: 150_000 },
    });
    expect(profiles.resolve('centrifugal-pump', 'P-101.temperature').window.kind).toBe('tumbling');
  });

  it('resolves type/kind, then type, then default/kind, then default; inherits features field by field', () => {
    const p = FeatureProfiles.parse(
      {
        profiles: {
          default: { features: { families: ['time'], fs: 10 }, sensors: { current: { minSamples: 9 } } },
          pump: {
            window: { kind: 'sliding', seconds: 60, hopSeconds: 15 },
            features: { families: ['time', 'spectral'] },
            sensors: { vibration: { features: { rpm: 1800 } } },
          },
        },
      },
      base,
    );
    expect(p.resolve('pump', 'P.vibration')).toMatchObject({
      name: 'pump/vibration',
      window: { lengthMs: 60_000, hopMs: 15_000 },
      features: { families: ['time', 'spectral'], fs: 10, rpm: 1800 },
    });
    expect(p.resolve('pump', 'P.flow').name).toBe('pump');
    expect(p.resolve('fan', 'F.current')).toMatchObject({ name: 'default/current', minSamples: 9 });
    expect(p.resolve(undefined, 'F.flow').name).toBe('default');
    expect(sensorKindOf('line-1.P-101.vibration')).toBe('vibration');
    expect(describeWindow(p.get('pump')!.window)).toBe('60s sliding, hop 15s');
  });

  it.each([
    [{ profiles: { default: { window: { kind: 'sliding' } } } }, /hopSeconds or hopsPerWindow/],
    [{ profiles: { default: { window: { kind: 'tumbling', hopSeconds: 5 } } } }, /tumbling window has no hop/],
    [{ profiles: { pump: { window: { kind: 'sliding', seconds: 10, hopSeconds: 20 } } } }, /longer than the window/],
    [{ profiles: { pump: { window: { kind: 'sliding', seconds: 0.01, hopsPerWindow: 3 } } } }, /whole number of milliseconds/],
    [{ profiles: { pump: { features: { families: ['fft'] } } } }, /families/],
    [{ profiles: { pump: { features: { bearing: { balls: 9, ballDiameter: 1, pitchDiameter: 5 } } } } }, /bearing features need rpm/],
    [{ profiles: { default: { features: { bands: [[0, 40]] } }, pump: { features: { fs: 50 } } } }, /profiles\.pump\.features.*Nyquist/],
    [{ profiles: { pump: { windows: {} } } }, /windows/],
  ])('rejects an invalid document with the field and the reason (%#)', (doc, reason) => {
    expect(() => FeatureProfiles.parse(doc, base, 'test.yaml')).toThrow(FeatureProfilesError);
    expect(() => FeatureProfiles.parse(doc, base, 'test.yaml')).toThrow(reason);
  });

  it('names the file when it cannot be read', () => {
    expect(() => loadFeatureProfiles(FeatureExtractionConfigSchema.parse({ profilesFile: '/nonexistent/profiles.yaml' }))).toThrow(
      /feature profiles \/nonexistent\/profiles.yaml/,
    );
  });
});
