import { z } from 'zod';
import { AssetId, PredictRequest, PredictResponse, RulHistoryQuery, RulHistoryResponse, RulModelsResponse, RulTrainRequest } from '@vigie/contracts';
import { AppError, defineRoute } from '@vigie/service-kit';
import { healthHistoryRul } from '../domain/trend-rul';
import type { RulRepository } from '../adapters/rul-repository';
import type { PredictRul } from '../use-cases/predict-rul';

export function rulRoutes(repo: RulRepository, predictor: () => PredictRul, train: (body: z.infer<typeof RulTrainRequest>) => Promise<void>) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/rul/predict',
      summary: "Predict an asset's RUL from a posted health history, or from its stored trend",
      tags: ['rul'],
      body: PredictRequest,
      response: PredictResponse,
      handler: ({ body }) => {
        const p = predictor();
        if (body.history) {
          const r = healthHistoryRul(body.history, p.settings.level);
          if (!r) throw new AppError('RUL_NOT_ENOUGH_HISTORY', 'the posted health history shows no decline to extrapolate');
          const asOf = body.history[body.history.length - 1]!.ts;
          return { predictionId: `rul:${body.assetId}:${asOf}:manual`, assetId: body.assetId, predictedAt: Date.now(), asOf, rul: r.rulHours, lower: r.lowerHours, upper: r.upperHours, level: p.settings.level, unit: 'h' as const, healthIndex: r.healthIndex, modelVersion: 'health-linear-1' };
        }
        const current = p.current(body.assetId);
        if (!current) throw new AppError('RUL_NOT_ENOUGH_HISTORY', `no significant degradation trend for ${body.assetId}`);
        return current;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/rul/models',
      summary: 'Registered RUL models; the loaded one has status "loaded"',
      tags: ['rul'],
      response: RulModelsResponse,
      handler: async () => ({ models: await repo.models() }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/rul/train',
      summary: 'Re-fit baselines from rul_training_data and register a new model version',
      tags: ['rul'],
      body: RulTrainRequest,
      response: RulModelsResponse,
      handler: async ({ body }) => {
        await train(body);
        return { models: await repo.models() };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/rul/:asset_id',
      summary: "An asset's RUL predictions, newest first",
      tags: ['rul'],
      params: z.object({ asset_id: AssetId }),
      query: RulHistoryQuery,
      response: RulHistoryResponse,
      handler: async ({ params, query }) => ({ assetId: params.asset_id, predictions: await repo.predictions(params.asset_id, query.limit) }),
    }),
  ];
}
