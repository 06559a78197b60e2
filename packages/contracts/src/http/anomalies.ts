import { z } from 'zod';
import { AssetId } from '../events/common';
import { AnomalyDetectedSchema } from '../events/anomalies-detected';
import { ExtractedFeaturesSchema } from '../events/extracted-features';

export const DetectRequest = ExtractedFeaturesSchema.strict();
export const DetectResponse = z.object({
  anomalous: z.boolean(),
  score: z.number(),
  criticality: z.string().nullable(),
  anomaly: AnomalyDetectedSchema.nullable(),
});
export const AnomalyHistoryQuery = z
  .object({
    /** Windows starting at or after `from` (ISO 8601). */
    from: z.iso.datetime({ offset: true }).optional(),
    /** Windows starting at or before `to` (ISO 8601). */
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    /** `nextCursor` of the previous page: continues towards older anomalies. */
    cursor: z.string().min(1).max(400).optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), {
    message: '`from` must not be after `to`',
    path: ['from'],
  });
export const AnomalyHistoryResponse = z.object({
  assetId: z.string(),
  /** Newest first (window start, then id, descending). */
  anomalies: z.array(AnomalyDetectedSchema),
  /** Present when more anomalies match: pass it as `cursor` for the next page. */
  nextCursor: z.string().optional(),
});

export const TrainRequest = z
  .object({
    assetId: AssetId.optional(),
    /**
     * Train on the first N stored windows per sensor of the period (the healthy period); the last fifth is held out for
     * validation. The asset's multivariate model needs 38 complete asset windows or more, and should span the
     * operating points the asset runs at.
     */
    windows: z.number().int().min(5).max(100_000).default(30),
    /** Start of the training period (ISO 8601): windows ending at or after it. Default: the first stored window. */
    from: z.iso.datetime({ offset: true }).optional(),
    /** End of the training period (ISO 8601): windows ending at or before it. */
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), {
    message: '`from` must not be after `to`',
    path: ['from'],
  });

export const AnomalyTrainingJobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
/** One registered model version a job produced, and whether it became the asset's champion. */
export const AnomalyTrainedModel = z.object({
  assetId: z.string(),
  /** Registry model name, `anomaly-<assetId>`. */
  model: z.string(),
  version: z.number().int(),
  sensors: z.number().int(),
  /** Windows each sensor's baseline was fitted on (before the held-out part). */
  windows: z.number().int(),
  /** Complete asset windows the multivariate asset model was fitted on; 0 when there were too few for one. */
  assetWindows: z.number().int().default(0),
  /** Share of held-out healthy windows flagged anomalous (lower is better). */
  valFalseAlarmRate: z.number(),
  promoted: z.boolean(),
  /** The promotion decision, one sentence. */
  decision: z.string(),
});
export const AnomalyTrainingJob = z.object({
  id: z.string(),
  /** null: every asset the service knows when the job starts. */
  assetId: z.string().nullable(),
  params: z.object({ windows: z.number().int(), from: z.string().optional(), to: z.string().optional() }),
  status: AnomalyTrainingJobStatus,
  progress: z.number().min(0).max(1),
  message: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  models: z.array(AnomalyTrainedModel),
});
/** `POST /train` answers 202 with the queued job. */
export const TrainResponse = AnomalyTrainingJob;
export const AnomalyTrainingJobParams = z.object({ id: z.string().uuid() });
export const AnomalyTrainingJobsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(20),
    /** `nextCursor` of the previous page: continues towards older jobs. */
    cursor: z.string().min(1).max(400).optional(),
  })
  .strict();
export const AnomalyTrainingJobsResponse = z.object({ jobs: z.array(AnomalyTrainingJob), nextCursor: z.string().optional() });

/** Score from which each criticality level starts, on the [0, 1] scale of `AnomalyDetected.score`. */
export const ScoreThresholdsSchema = z.object({ low: z.number(), medium: z.number(), high: z.number(), critical: z.number() });
export type ScoreThresholds = z.infer<typeof ScoreThresholdsSchema>;
/**
 * GET /api/v1/anomalies/{asset_id}/thresholds: what scores the asset now and where its levels start. An asset with a
 * trained asset model is scored by it (its anomalies have ids `an:<assetId>:<window start>`); its other sensors, or all
 * of them without one, by their robust baselines (ids `an:<sensorId>:<window start>`), whose levels are fixed.
 */
export const AnomalyThresholdsResponse = z.object({
  assetId: z.string(),
  /** null when no asset model serves the asset. */
  assetModel: z.object({ modelVersion: z.string(), sensors: z.array(z.string()), thresholds: ScoreThresholdsSchema }).nullable(),
  sensorBaselines: z.object({
    thresholds: ScoreThresholdsSchema,
    /** Sensors of the asset with a fitted baseline, and its version. */
    sensors: z.array(z.object({ sensorId: z.string(), modelVersion: z.string() })),
  }),
});
export type AnomalyThresholdsResponse = z.infer<typeof AnomalyThresholdsResponse>;
