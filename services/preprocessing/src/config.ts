import { z } from 'zod';

export const PreprocessingConfigSchema = z.object({
  /** Samples per sensor kept in memory as high-water marks; restored from the database at start. */
  maxSensors: z.coerce.number().int().positive().default(100_000),
});
export type PreprocessingConfig = z.infer<typeof PreprocessingConfigSchema>;

export function loadPreprocessingConfig(env: NodeJS.ProcessEnv = process.env): PreprocessingConfig {
  return PreprocessingConfigSchema.parse({ maxSensors: env.PREPROCESSING_MAX_SENSORS });
}
