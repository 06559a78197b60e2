import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AssetId, EpochMs, SensorId } from './common';

/** Names of the time-domain features every window carries (the foundation set). */
export const FEATURE_NAMES = ['mean', 'std', 'rms', 'min', 'max', 'kurtosis', 'skewness', 'crest_factor'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

export const ExtractedFeaturesSchema = z.object({
  assetId: AssetId,
  sensorId: SensorId,
  unit: z.string().max(20),
  windowStart: EpochMs,
  windowEnd: EpochMs,
  sampleCount: z.number().int().positive(),
  /** Timestamps of the first and last reading in the window: latency is measured from readings, not windows. */
  firstSampleTs: EpochMs,
  lastSampleTs: EpochMs,
  features: z.record(z.string(), z.number().finite()),
});
export type ExtractedFeaturesPayload = z.infer<typeof ExtractedFeaturesSchema>;

export const ExtractedFeatures = defineEvent('vigie.extracted-features.v1', ExtractedFeaturesSchema);
