import { z } from 'zod';
import { PipelineRules } from './domain/options';

export const PreprocessingConfigSchema = z.object({
  /** Sensor pipelines kept in memory (least recently used evicted; their state stays in `preprocessing_state`). */
  maxSensors: z.coerce.number().int().positive().default(100_000),
  /** Wall-clock quiet time after which a sensor's held samples are released (idle flush). */
  idleFlushMs: z.coerce.number().int().positive().default(1000),
  /** A YAML/JSON file of pipeline rules (see PipelineRules), read at start; it replaces `rules`. */
  configFile: z.string().min(1).optional(),
  /** Pipeline rules given inline (tests, embedding). */
  rules: PipelineRules.default(PipelineRules.parse({})),
});
export type PreprocessingConfig = z.infer<typeof PreprocessingConfigSchema>;
export type PreprocessingConfigInput = z.input<typeof PreprocessingConfigSchema>;

/**
 * PREPROCESSING_CONFIG_FILE (pipeline rules), PREPROCESSING_IDLE_FLUSH_MS, PREPROCESSING_MAX_SENSORS, and
 * PREPROCESSING_LATENESS_MS (a shortcut for rules.defaults.latenessMs, e.g. to measure its cost on latency).
 */
export function loadPreprocessingConfig(env: NodeJS.ProcessEnv = process.env): PreprocessingConfig {
  const lateness = env.PREPROCESSING_LATENESS_MS;
  return PreprocessingConfigSchema.parse({
    maxSensors: env.PREPROCESSING_MAX_SENSORS || undefined,
    idleFlushMs: env.PREPROCESSING_IDLE_FLUSH_MS || undefined,
    configFile: env.PREPROCESSING_CONFIG_FILE || undefined,
    rules: lateness ? { defaults: { latenessMs: Number(lateness) } } : undefined,
  });
}
