import { z } from 'zod';
import { AssetId, EpochMs, SensorId } from '../events/common';

export const ExtractRequest = z
  .object({
    values: z.array(z.number().finite()).min(1).max(1_000_000),
  })
  .strict();
export const ExtractResponse = z.object({ features: z.record(z.string(), z.number()), sampleCount: z.number().int() });

export const FeaturesQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    sensorId: SensorId.optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
    /** Which end of the range `limit` keeps: the latest windows (default) or the earliest (e.g. a healthy baseline). */
    order: z.enum(['latest', 'earliest']).default('latest'),
  })
  .strict();
export const FeatureWindowSchema = z.object({
  assetId: AssetId,
  sensorId: SensorId,
  windowStart: z.string(),
  windowEnd: z.string(),
  sampleCount: z.number().int(),
  features: z.record(z.string(), z.number()),
});
export const FeaturesResponse = z.object({ assetId: AssetId, windows: z.array(FeatureWindowSchema) });
export { EpochMs };
