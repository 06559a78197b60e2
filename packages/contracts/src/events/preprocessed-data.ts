import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AssetId, EpochMs, Quality, SensorId } from './common';

/** Flags an output sample may carry; never silent: every correction is named. */
export const SampleFlag = z.enum(['out_of_range', 'clipped', 'bad_quality', 'gap_before']);

export const PreprocessedSampleSchema = z.object({
  ts: EpochMs,
  value: z.number().finite(),
  quality: Quality,
  flags: z.array(SampleFlag),
});

export const PreprocessedDataSchema = z.object({
  assetId: AssetId,
  sensorId: SensorId,
  unit: z.string().max(20),
  samples: z.array(PreprocessedSampleSchema).min(1).max(10_000),
});
export type PreprocessedDataPayload = z.infer<typeof PreprocessedDataSchema>;

export const PreprocessedData = defineEvent('vigie.preprocessed-data.v1', PreprocessedDataSchema);
