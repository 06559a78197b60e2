import { z } from 'zod';

/**
 * The demo's trained model (`npm start`): simulator run-to-failure histories imported as `source` and one training
 * job queued in the background on a start that finds no champion of `rul-<source>`. Off (null) by default.
 */
export const RulBootstrapSchema = z.object({
  source: z.string().min(1).default('demo-sim'),
  seed: z.number().int().min(0).default(7),
  /**
   * Runs of each asset (one unit each). 60: a fifth of the units calibrate the intervals, and the windows of one run
   * are strongly correlated, so with 30 runs (6 calibration units) the calibrated coverage of one training swung over
   * 0.89–0.96 on new runs; with 60, 0.90–0.93 (H27, offline on seeds 7 → 2027).
   */
  runs: z.number().int().min(3).default(60),
  /** Must be the feature-extraction window length for the model to serve online. */
  windowSeconds: z.number().int().min(30).max(3600).default(300),
  assets: z.array(z.string().min(1)).min(1).default(['P-101']),
  coverBy: z.enum(['type', 'asset']).default('asset'),
  /** Rows (windows) per prediction. */
  window: z.number().int().min(5).default(6),
});

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
  /** Ingestion's asset list (asset types decide which trained champion serves an asset online); null: by asset id only. */
  ingestionUrl: z.url().nullable().default('http://127.0.0.1:8081'),
  assetRefreshIntervalMs: z.coerce.number().int().positive().default(60_000),
  requestTimeoutMs: z.coerce.number().int().positive().default(2000),
  bootstrap: RulBootstrapSchema.nullable().default(null),
});
export type RulConfig = z.infer<typeof RulConfigSchema>;
/** What a caller passes: any field may be left to its default, `bootstrap` included (`{ windowSeconds }` suffices). */
export type RulConfigInput = z.input<typeof RulConfigSchema>;

export function loadRulConfig(env: NodeJS.ProcessEnv = process.env): RulConfig {
  return RulConfigSchema.parse({
    limits: env.RUL_FAILURE_LIMITS ? JSON.parse(env.RUL_FAILURE_LIMITS) : undefined,
    level: env.RUL_LEVEL,
    baselineWindows: env.RUL_BASELINE_WINDOWS,
    trendWindows: env.RUL_TREND_WINDOWS,
    modelsDir: env.RUL_MODELS_DIR || undefined,
    objectsDir: env.RUL_OBJECTS_DIR || undefined,
    ingestionUrl: env.RUL_INGESTION_URL === 'none' ? null : env.RUL_INGESTION_URL || undefined,
    bootstrap: env.RUL_BOOTSTRAP_SIMULATOR ? JSON.parse(env.RUL_BOOTSTRAP_SIMULATOR) : undefined,
  });
}
