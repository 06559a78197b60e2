import { featureNames } from '@vigie/signal';
import { describeFeature, type FeatureDescription } from './feature-catalog';
import { describeWindow, type FeatureProfile } from './feature-profiles';

export interface FeatureDefinition extends FeatureDescription {
  name: string;
  profile: string;
  window: string;
}

/** Long enough for every block of the extractor: a power of two (spectral) and ≥ 112 (wavelets). */
const FULL_LENGTH = 1024;

/** Every feature each profile can store (the names a full window yields), described by the catalog. */
export function featureDefinitions(profiles: readonly FeatureProfile[]): FeatureDefinition[] {
  const out: FeatureDefinition[] = [];
  for (const p of profiles) {
    const f = p.features;
    const names = featureNames(FULL_LENGTH, {
      fs: f.fs ?? 1,
      ...(f.rpm !== undefined ? { rpm: f.rpm } : {}),
      ...(f.bearing !== undefined ? { bearing: { ...f.bearing, contactAngle: 0 } } : {}),
      ...(f.bands !== undefined ? { bands: f.bands } : {}),
      ...(f.sampleEntropy !== undefined ? { sampleEntropy: f.sampleEntropy } : {}),
    });
    const families = new Set<string>([...f.families, 'quality']);
    for (const name of [...names, 'quality_ratio']) {
      const d = describeFeature(name);
      if (d && families.has(d.family)) out.push({ name, profile: p.name, window: describeWindow(p.window), ...d });
    }
  }
  return out;
}
