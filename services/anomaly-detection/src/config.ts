import { z } from 'zod';

export const AnomalyConfigSchema = z.object({
  /** Windows a sensor's automatic baseline is fitted on (its first windows: assumed healthy). */
  baselineWindows: z.coerce.number().int().min(3).default(6),
  /**
   * Anomalous windows in a row a sensor needs before one is reported (a critical window is reported at once), so a
   * sensor flapping around the threshold after an operating step raises no alarm; 1 reports every anomalous window.
   * 6 (30 min of the platform's 300 s windows) takes the simulated plant under one false alarm per asset-day with
   * every failure still flagged (bench/false-alarms.bench.ts, README "Anomaly detection").
   */
  persistWindows: z.coerce.number().int().min(1).default(6),
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
    persistWindows: env.ANOMALY_PERSIST_WINDOWS || undefined,
    featuresUrl: env.FEATURES_URL,
    modelsDir: env.ANOMALY_MODELS_DIR || undefined,
    championPollMs: env.ANOMALY_CHAMPION_POLL_MS || undefined,
  });
}
