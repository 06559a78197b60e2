import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AssetId, EpochMs, Quality, SensorId } from './common';

export const SampleSchema = z.object({
  ts: EpochMs,
  /** null when the source reported a bad quality and no value (a gap, never an invented value). */
  value: z.number().finite().nullable(),
  quality: Quality,
});
export type Sample = z.infer<typeof SampleSchema>;

/** A batch of samples of one sensor, in time order (architecture: one message per batch, not per sample). */
export const SensorDataSchema = z.object({
  assetId: AssetId,
  sensorId: SensorId,
  unit: z.string().max(20),
  samples: z.array(SampleSchema).min(1).max(10_000),
});
export type SensorDataPayload = z.infer<typeof SensorDataSchema>;

export const SensorData = defineEvent('vigie.sensor-data.v1', SensorDataSchema);
