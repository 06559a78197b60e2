import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AssetId, EpochMs, Quality, SensorId } from './common';

/**
 * Flags an output sample may carry; never silent: every correction is named. The first four are the original set;
 * the order of this list is the order flags appear in on a sample.
 *  - out_of_range: the reading was outside the sensor's plausible range (value imputed, original in `raw`)
 *  - clipped: reserved for a value limited to its range (not produced by the default pipeline)
 *  - bad_quality: the source said bad (value imputed, original in `raw`) or uncertain (value kept)
 *  - gap_before: samples are missing just before this one (a gap longer than the imputation limit)
 *  - imputed: the value is invented by the imputation policy (bad/out-of-range sample, or a filled gap)
 *  - spike: a Hampel outlier, replaced by the median of its window (original in `raw`)
 *  - flat_line: part of a run of identical readings (a stuck sensor); value kept
 *  - reordered: arrived after a later sample, put back in time order
 *  - resampled: the value is interpolated onto the fixed-rate grid (no reading at this exact time)
 *  - filtered: a Butterworth filter changed the value
 *  - detrended: a slowly tracked baseline was removed from the value
 */
export const SampleFlag = z.enum([
  'out_of_range',
  'clipped',
  'bad_quality',
  'gap_before',
  'imputed',
  'spike',
  'flat_line',
  'reordered',
  'resampled',
  'filtered',
  'detrended',
]);
export type SampleFlag = z.infer<typeof SampleFlag>;

export const PreprocessedSampleSchema = z.object({
  ts: EpochMs,
  /** Always a usable physical value in the sensor's unit; `flags` say when it is not the reading as received. */
  value: z.number().finite(),
  quality: Quality,
  flags: z.array(SampleFlag),
  /** The reading as received when `value` differs from it (null: the source sent no value). Absent otherwise. */
  raw: z.number().finite().nullable().optional(),
  /** Robust z-score (value − median) / (1.4826·MAD) against the sensor's persisted statistics, once known. */
  normalized: z.number().finite().optional(),
});
export type PreprocessedSample = z.infer<typeof PreprocessedSampleSchema>;

export const PreprocessedDataSchema = z.object({
  assetId: AssetId,
  sensorId: SensorId,
  unit: z.string().max(20),
  samples: z.array(PreprocessedSampleSchema).min(1).max(10_000),
});
export type PreprocessedDataPayload = z.infer<typeof PreprocessedDataSchema>;

export const PreprocessedData = defineEvent('vigie.preprocessed-data.v1', PreprocessedDataSchema);
