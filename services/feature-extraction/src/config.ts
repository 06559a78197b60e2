import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The profiles shipped with the service (config/feature-profiles.yaml). */
export const SHIPPED_PROFILES_FILE = fileURLToPath(new URL('../config/feature-profiles.yaml', import.meta.url));

export const FeatureExtractionConfigSchema = z.object({
  /** Window length, in seconds of plant time, of every profile whose window does not state its own. */
  windowSeconds: z.coerce.number().positive().default(600),
  /** A window with fewer samples (a sensor gap) is not emitted; the default of profiles that do not state theirs. */
  minSamples: z.coerce.number().int().positive().default(5),
  /** Window policy and feature set per asset type (YAML, see config/feature-profiles.yaml). */
  profilesFile: z.string().min(1).default(SHIPPED_PROFILES_FILE),
  /** The same document inline (tests, embedding); replaces the file when given. Validated like the file. */
  profiles: z.unknown().optional(),
  /** Base URL of ingestion-iiot, whose asset registry gives each asset its type; null: every asset uses `default`. */
  ingestionUrl: z.url().nullable().default('http://127.0.0.1:8081'),
  assetRefreshIntervalMs: z.coerce.number().int().positive().default(60_000),
  /** Timeout of one asset-list request. */
  requestTimeoutMs: z.coerce.number().int().positive().default(2000),
});
export type FeatureExtractionConfig = z.infer<typeof FeatureExtractionConfigSchema>;
export type FeatureExtractionConfigInput = z.input<typeof FeatureExtractionConfigSchema>;

/** FEATURE_* variables; only a process entry point calls this. */
export function loadFeatureExtractionConfig(env: NodeJS.ProcessEnv = process.env): FeatureExtractionConfig {
  const set = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  return FeatureExtractionConfigSchema.parse({
    windowSeconds: set(env.FEATURE_WINDOW_SECONDS),
    minSamples: set(env.FEATURE_MIN_SAMPLES),
    profilesFile: set(env.FEATURE_PROFILES_FILE),
    ingestionUrl: set(env.FEATURE_INGESTION_URL),
  });
}
