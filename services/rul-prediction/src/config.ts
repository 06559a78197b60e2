import { z } from 'zod';

export const RulConfigSchema = z.object({
  /** Failure limit per unit of a degradation signal. Default: vibration velocity RMS, ISO 10816 zone D (11.2 mm/s). */
  limits: z.record(z.string(), z.number().positive()).default({ 'mm/s': 11.2 }),
  level: z.coerce.number().gt(0).lt(1).default(0.9),
  baselineWindows: z.coerce.number().int().min(3).default(6),
  trendWindows: z.coerce.number().int().min(4).default(12),
  minSignificance: z.coerce.number().positive().default(3),
  onsetHealth: z.coerce.number().gt(0).lt(1).default(0.9),
  /** Local model registry directory when no registry is injected (the embedded profile). */
  modelsDir: z.string().min(1).default('.vigie/data/models'),
  /** Local object-store root (bucket `rul-models`) when no object store is injected. */
  objectsDir: z.string().min(1).default('.vigie/data/objects'),
});
export type RulConfig = z.infer<typeof RulConfigSchema>;

export function loadRulConfig(env: NodeJS.ProcessEnv = process.env): RulConfig {
  return RulConfigSchema.parse({
    limits: env.RUL_FAILURE_LIMITS ? JSON.parse(env.RUL_FAILURE_LIMITS) : undefined,
    level: env.RUL_LEVEL,
    baselineWindows: env.RUL_BASELINE_WINDOWS,
    trendWindows: env.RUL_TREND_WINDOWS,
    modelsDir: env.RUL_MODELS_DIR || undefined,
    objectsDir: env.RUL_OBJECTS_DIR || undefined,
  });
}
