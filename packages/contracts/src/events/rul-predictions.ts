import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AssetId, EpochMs } from './common';

export const RulPredictionSchema = z.object({
  predictionId: z.string(),
  assetId: AssetId,
  predictedAt: EpochMs,
  /** Time of the last feature window the prediction is based on (plant time). */
  asOf: EpochMs,
  rul: z.number().nonnegative(),
  lower: z.number().nonnegative(),
  upper: z.number().nonnegative(),
  /**
   * True when a trained model's interval reaches the cap of its training target: the RUL is then at least `lower`, with
   * no upper bound (`upper` is the cap in hours, not a bound). Absent (events before it, the trend model): false.
   */
  upperUnbounded: z.boolean().optional(),
  /** Nominal coverage of [lower, upper]. */
  level: z.number().gt(0).lt(1),
  unit: z.literal('h'),
  healthIndex: z.number().min(0).max(1),
  modelVersion: z.string(),
});
export type RulPredictionPayload = z.infer<typeof RulPredictionSchema>;

export const RulPrediction = defineEvent('vigie.rul-predictions.v1', RulPredictionSchema);
