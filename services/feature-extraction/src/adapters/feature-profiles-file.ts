import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { FeatureExtractionConfig } from '../config';
import { FeatureProfiles, FeatureProfilesError } from '../domain/feature-profiles';

/**
 * The profiles of this configuration: `config.profiles` when given, else the YAML (or JSON) file. Read once, at
 * construction, so a mistake stops the service with the file, the field and the reason.
 */
export function loadFeatureProfiles(config: FeatureExtractionConfig): FeatureProfiles {
  const base = { windowSeconds: config.windowSeconds, minSamples: config.minSamples };
  if (config.profiles !== undefined) return FeatureProfiles.parse(config.profiles, base);
  const path = config.profilesFile;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FeatureProfilesError(path, (err as Error).message);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new FeatureProfilesError(path, `not valid YAML/JSON: ${(err as Error).message}`);
  }
  return FeatureProfiles.parse(raw, base, path);
}
