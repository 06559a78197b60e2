import { z } from 'zod';
import { SensorDataSchema } from '../events/sensor-data';
import { PreprocessedDataSchema, SampleFlag } from '../events/preprocessed-data';

const Switch = z.boolean();

/** Plausible range of a sensor; null turns the range check off. */
export const PlausibleRange = z
  .object({ min: z.number().finite(), max: z.number().finite() })
  .strict()
  .refine((r) => r.min < r.max, { message: 'min must be below max' });

/**
 * Which preprocessing operations run for a sensor, and with what parameters. Every field is optional: a document of
 * this shape overrides the defaults (built in, then per unit, per sensor kind, per sensor; see the service's ADR 0008).
 */
export const PipelineOptions = z
  .object({
    range: PlausibleRange.nullable(),
    /** Event-time lateness: a sample is held until the newest timestamp seen passes it by this much. */
    latenessMs: z.number().int().min(0).max(86_400_000),
    imputation: z
      .object({
        /** Longest run of invalid samples (or missing grid points) filled by interpolation. */
        maxImputeSamples: z.number().int().min(0).max(10_000),
        /** An interval longer than gapFactor × the nominal period is a gap. */
        gapFactor: z.number().gt(1).max(1000),
      })
      .partial()
      .strict(),
    hampel: z
      .object({
        enabled: Switch,
        halfWindow: z.number().int().min(1).max(50),
        nSigmas: z.number().min(0).max(100),
        minDeviation: z.number().min(0),
      })
      .partial()
      .strict(),
    flatLine: z
      .object({ enabled: Switch, samples: z.number().int().min(2).max(100_000), epsilon: z.number().min(0) })
      .partial()
      .strict(),
    /** periodMs fixes the grid; without it the nominal period is learned (median interval). */
    resample: z
      .object({ enabled: Switch, periodMs: z.number().int().positive().max(86_400_000) })
      .partial()
      .strict(),
    butterworth: z
      .object({
        enabled: Switch,
        type: z.enum(['lowpass', 'highpass', 'bandpass', 'bandstop']),
        order: z.number().int().min(1).max(10),
        cutoffHz: z.union([z.number().positive(), z.tuple([z.number().positive(), z.number().positive()])]),
      })
      .partial()
      .strict(),
    /** Removes a baseline tracked by an exponential average over about windowSamples samples. */
    detrend: z
      .object({ enabled: Switch, windowSamples: z.number().int().min(2).max(1_000_000) })
      .partial()
      .strict(),
    normalization: z
      .object({
        windowSamples: z.number().int().min(8).max(4096),
        updateEvery: z.number().int().min(1).max(1_000_000),
        minSamples: z.number().int().min(2).max(4096),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
export type PipelineOptionsInput = z.infer<typeof PipelineOptions>;

/** Operations of the pipeline, in the order they run, as recorded in `preprocessing_metadata.operations`. */
export const PreprocessingOperation = z.enum([
  'dedupe',
  'reorder',
  'validate',
  'impute',
  'hampel',
  'flat_line',
  'gaps',
  'resample',
  'butterworth',
  'detrend',
  'normalize',
]);
export type PreprocessingOperation = z.infer<typeof PreprocessingOperation>;

export const OperationRecord = z.object({
  op: PreprocessingOperation,
  params: z.record(z.string(), z.unknown()),
  /** Samples the operation changed or flagged. */
  affected: z.number().int(),
  /** Samples the operation did not emit (duplicates, late samples, invalid samples with no value to impute from). */
  dropped: z.number().int().optional(),
});
export type OperationRecord = z.infer<typeof OperationRecord>;

/** Emitted samples per flag (every flag present, 0 when none). */
export const FlagCounts = z.record(SampleFlag, z.number().int());

/** Manual processing runs the streaming pipeline on a posted batch (fresh state, flushed at the end), without publishing. */
export const ProcessRequest = SensorDataSchema.extend({
  /** Shorthand for config.range (kept for older clients). */
  range: z.object({ min: z.number(), max: z.number() }).optional(),
  config: PipelineOptions.optional(),
}).strict();
export const ProcessResponse = z.object({
  output: PreprocessedDataSchema.nullable(),
  dropped: z.object({ duplicates: z.number().int(), outOfOrder: z.number().int(), badQuality: z.number().int() }),
  counts: z.object({
    received: z.number().int(),
    emitted: z.number().int(),
    duplicates: z.number().int(),
    late: z.number().int(),
    outOfRange: z.number().int(),
    badQuality: z.number().int(),
    unimputable: z.number().int(),
  }),
  flags: FlagCounts,
  operations: z.array(OperationRecord),
});
export const PreprocessingStatsResponse = z.object({
  since: z.string(),
  received: z.number().int(),
  emitted: z.number().int(),
  duplicates: z.number().int(),
  /** Samples older than the watermark, not emitted (the stream had moved on). */
  outOfOrder: z.number().int(),
  outOfRange: z.number().int(),
  badQuality: z.number().int(),
  deadLettered: z.number().int(),
  sensors: z.number().int(),
  flags: FlagCounts,
  /** Samples affected per operation, summed over every batch. */
  operations: z.record(z.string(), z.number().int()),
});
