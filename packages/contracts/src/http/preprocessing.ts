import { z } from 'zod';
import { SensorDataSchema } from '../events/sensor-data';
import { PreprocessedDataSchema } from '../events/preprocessed-data';

/** Manual processing runs the streaming pipeline's rules on a posted batch, without publishing. */
export const ProcessRequest = SensorDataSchema.extend({
  range: z.object({ min: z.number(), max: z.number() }).optional(),
}).strict();
export const ProcessResponse = z.object({
  output: PreprocessedDataSchema.nullable(),
  dropped: z.object({ duplicates: z.number().int(), outOfOrder: z.number().int(), badQuality: z.number().int() }),
});
export const PreprocessingStatsResponse = z.object({
  since: z.string(),
  received: z.number().int(),
  emitted: z.number().int(),
  duplicates: z.number().int(),
  outOfOrder: z.number().int(),
  outOfRange: z.number().int(),
  badQuality: z.number().int(),
  deadLettered: z.number().int(),
  sensors: z.number().int(),
});
