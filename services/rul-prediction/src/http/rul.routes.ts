import { z } from 'zod';
import { AssetId, PredictRequest, PredictResponse, RulHistoryQuery, RulHistoryResponse, RulModelsResponse } from '@vigie/contracts';
import { AppError, defineRoute } from '@vigie/service-kit';
import { healthHistoryRul } from '../domain/trend-rul';
import type { RulRepository } from '../adapters/rul-repository';
import type { PredictRul } from '../use-cases/predict-rul';
import type { PredictSeries } from '../use-cases/predict-series';

export function rulRoutes(repo: RulRepository, predictor: () => PredictRul, series: PredictSeries) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/rul/predict',
      summary:
        "Predict RUL: of a posted multi-sensor history by a source's trained champion, or of an asset's health history or stored trend",
      tags: ['rul'],
      body: PredictRequest,
      response: PredictResponse,
      handler: ({ body }) => {
        if ('source' in body) return series.execute(body);
        const p = predictor();
        if (body.history) {
          const r = healthHistoryRul(body.history, p.settings.level);
          if (!r) throw new AppError('RUL_NOT_ENOUGH_HISTORY', 'the posted health history shows no decline to extrapolate');
          const asOf = body.history[body.history.length - 1]!.ts;
          return {
            predictionId: `rul:${body.assetId}:${asOf}:manual`,
            assetId: body.assetId,
            predictedAt: Date.now(),
            asOf,
            rul: r.rulHours,
            lower: r.lowerHours,
            upper: r.upperHours,
            level: p.settings.level,
            unit: 'h' as const,
            healthIndex: r.healthIndex,
            modelVersion: 'health-linear-1',
          };
        }
        const current = p.current(body.assetId);
        if (!current) throw new AppError('RUL_NOT_ENOUGH_HISTORY', `no significant degradation trend for ${body.assetId}`);
        return current;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/rul/models',
      summary: 'RUL models: the trend model (status "loaded") and trained versions ("champion", "candidate", "superseded")',
      tags: ['rul'],
      response: RulModelsResponse,
      handler: async () => ({ models: await repo.models() }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/rul/:asset_id',
      summary: "An asset's RUL predictions, newest first",
      tags: ['rul'],
      params: z.object({ asset_id: AssetId }),
      query: RulHistoryQuery,
      response: RulHistoryResponse,
      handler: async ({ params, query }) => ({
        assetId: params.asset_id,
        predictions: await repo.predictions(params.asset_id, query.limit),
      }),
    }),
  ];
}
