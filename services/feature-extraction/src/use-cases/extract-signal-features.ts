import { FeatureFamily, FeatureOptionsSchema, type ExtractRequest, type FeatureOptions } from '@vigie/contracts';
import { AppError } from '@vigie/service-kit';
import type { FeatureProfiles } from '../domain/feature-profiles';
import { computeFeatureSet, type FeatureSetOptions } from '../domain/feature-set';

/** sample_entropy is O(N²): refused above this many values. */
export const SAMPLE_ENTROPY_MAX_VALUES = 10_000;

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', 'Invalid body', { issues: [{ path: `body.${path}`, message }] });

/**
 * Features of a posted signal. Options start from `profile` (if named) and the request's own fields override them;
 * every family unless one is chosen; fs 1 Hz unless given. Fails with VALIDATION_FAILED naming the field.
 */
export function extractSignalFeatures(body: ExtractRequest, profiles: FeatureProfiles) {
  let base: FeatureOptions = {};
  if (body.profile !== undefined) {
    const p = profiles.get(body.profile);
    if (!p) throw invalid('profile', `unknown profile; configured: ${profiles.all.map((x) => x.name).join(', ')}`);
    base = p.features;
  }
  const { values, profile: _profile, ...own } = body;
  const merged = { ...base, ...Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)) };
  // The profile's bands against the request's fs (or the reverse) are only comparable once merged.
  const checked = FeatureOptionsSchema.safeParse(merged);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw invalid(issue.path.map(String).join('.'), issue.message);
  }
  if (merged.sampleEntropy && values.length > SAMPLE_ENTROPY_MAX_VALUES) {
    throw invalid('sampleEntropy', `sample entropy is O(N²): at most ${SAMPLE_ENTROPY_MAX_VALUES} values`);
  }
  const options: FeatureSetOptions = { ...merged, families: merged.families ?? [...FeatureFamily.options] };
  const fs = options.fs ?? 1;
  const set = computeFeatureSet(Float64Array.from(values), options, fs);
  return {
    features: set.features,
    sampleCount: values.length,
    fs,
    families: options.families,
    spectralSamples: set.spectralSamples,
    omitted: set.omitted,
  };
}
