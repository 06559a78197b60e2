import { z } from 'zod';
import { AnomalyHistoryQuery, AnomalyHistoryResponse, AssetId, DetectRequest, DetectResponse } from '@vigie/contracts';
import { AppError, defineRoute } from '@vigie/service-kit';
import { scoreWindow } from '../domain/baseline';
import type { AnomalyRepository } from '../adapters/anomaly-repository';
import { toAnomaly, type ScoreWindows } from '../use-cases/score-windows';

export function anomaliesRoutes(repo: AnomalyRepository, scoring: () => ScoreWindows) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/anomalies/detect',
      summary: 'Score a posted feature window against its sensor baseline (nothing is stored or published)',
      tags: ['anomalies'],
      body: DetectRequest,
      response: DetectResponse,
      handler: ({ body }) => {
        const model = scoring().model(body.sensorId);
        if (!model) throw new AppError('ANOMALY_BASELINE_MISSING', undefined, { sensorId: body.sensorId });
        const v = scoreWindow(body.sensorId, body.features, model.stats);
        return {
          anomalous: v.anomalous,
          score: v.score,
          criticality: v.anomalous ? v.criticality : null,
          anomaly: v.anomalous ? toAnomaly(body, v, model.version) : null,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/anomalies/:asset_id',
      summary: 'Anomaly history of an asset, newest first, paged (from/to on the window start; nextCursor)',
      tags: ['anomalies'],
      params: z.object({ asset_id: AssetId }),
      query: AnomalyHistoryQuery,
      response: AnomalyHistoryResponse,
      handler: async ({ params, query }) => ({ assetId: params.asset_id, ...(await repo.history(params.asset_id, query)) }),
    }),
  ];
}
