import { z } from 'zod';
import { RulPredictionSchema } from '../events/rul-predictions';

export const PredictRequest = z
  .object({
    assetId: z.string().min(1),
    /** Health-index history: time (epoch ms) and value in [0,1]; uses the stored history when omitted. */
    history: z.array(z.object({ ts: z.number().int(), health: z.number().min(0).max(1) })).max(100_000).optional(),
  })
  .strict();
export const PredictResponse = RulPredictionSchema;
export const RulHistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict();
export const RulHistoryResponse = z.object({ assetId: z.string(), predictions: z.array(RulPredictionSchema) });
export const RulModelSchema = z.object({
  name: z.string(),
  version: z.string(),
  kind: z.string(),
  status: z.string(),
  createdAt: z.string(),
  params: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.number()),
});
export const RulModelsResponse = z.object({ models: z.array(RulModelSchema) });
export const RulTrainRequest = z
  .object({ level: z.number().gt(0).lt(1).optional() })
  .strict();
