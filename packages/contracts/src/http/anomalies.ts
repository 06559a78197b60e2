import { z } from 'zod';
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
  .object({ limit: z.coerce.number().int().min(1).max(1000).default(100) })
  .strict();
export const AnomalyHistoryResponse = z.object({ assetId: z.string(), anomalies: z.array(AnomalyDetectedSchema) });
export const TrainRequest = z
  .object({
    assetId: z.string().optional(),
    /** Train on the first N stored windows per sensor (the healthy period). */
    windows: z.number().int().min(5).max(100_000).default(30),
  })
  .strict();
export const TrainResponse = z.object({
  models: z.array(z.object({ assetId: z.string(), version: z.string(), sensors: z.number().int(), windows: z.number().int() })),
});
