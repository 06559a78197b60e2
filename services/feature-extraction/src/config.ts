import { z } from 'zod';

export const FeatureExtractionConfigSchema = z.object({
  /** Tumbling window length, in seconds of plant time. */
  windowSeconds: z.coerce.number().positive().default(600),
  /** A window with fewer samples (a sensor gap) is not emitted. */
  minSamples: z.coerce.number().int().positive().default(5),
});
export type FeatureExtractionConfig = z.infer<typeof FeatureExtractionConfigSchema>;

export function loadFeatureExtractionConfig(env: NodeJS.ProcessEnv = process.env): FeatureExtractionConfig {
  return FeatureExtractionConfigSchema.parse({ windowSeconds: env.FEATURE_WINDOW_SECONDS, minSamples: env.FEATURE_MIN_SAMPLES });
}
