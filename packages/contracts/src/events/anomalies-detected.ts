import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AssetId, Criticality, EpochMs, SensorId } from './common';

export const FeatureContributionSchema = z.object({
  sensorId: SensorId,
  feature: z.string(),
  value: z.number(),
  baseline: z.number(),
  /** Robust z-score: (value - median) / (1.4826 · MAD). */
  z: z.number(),
});
export type FeatureContribution = z.infer<typeof FeatureContributionSchema>;

export const AnomalyDetectedSchema = z.object({
  anomalyId: z.string(),
  assetId: AssetId,
  sensorId: SensorId,
  windowStart: EpochMs,
  windowEnd: EpochMs,
  score: z.number().min(0).max(1),
  criticality: Criticality,
  modelVersion: z.string(),
  detectedAt: EpochMs,
  /** Strongest contributors first. */
  contributors: z.array(FeatureContributionSchema).max(20),
});
export type AnomalyDetectedPayload = z.infer<typeof AnomalyDetectedSchema>;

export const AnomalyDetected = defineEvent('vigie.anomalies-detected.v1', AnomalyDetectedSchema);
