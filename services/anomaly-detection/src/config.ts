import { z } from 'zod';

export const AnomalyConfigSchema = z.object({
  /** Windows a sensor's automatic baseline is fitted on (its first windows: assumed healthy). */
  baselineWindows: z.coerce.number().int().min(3).default(6),
  /** Base URL of the feature-extraction service, where training reads stored windows. */
  featuresUrl: z.string().url().default('http://127.0.0.1:8083'),
  /** Directory of the default (local) model registry, when no registry is given to the service. */
  modelsDir: z.string().min(1).default('.vigie/data/models'),
  /** How often each asset's `champion` alias is read for a hot swap. */
  championPollMs: z.coerce.number().int().min(10).default(5000),
});
export type AnomalyConfig = z.infer<typeof AnomalyConfigSchema>;

export function loadAnomalyConfig(env: NodeJS.ProcessEnv = process.env): AnomalyConfig {
  return AnomalyConfigSchema.parse({
    baselineWindows: env.ANOMALY_BASELINE_WINDOWS,
    featuresUrl: env.FEATURES_URL,
    modelsDir: env.ANOMALY_MODELS_DIR || undefined,
    championPollMs: env.ANOMALY_CHAMPION_POLL_MS || undefined,
  });
}
