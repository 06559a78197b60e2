import { z } from 'zod';
import { AnomalyHistoryQuery, AnomalyHistoryResponse, AssetId, DetectRequest, DetectResponse, TrainRequest, TrainResponse } from '@vigie/contracts';
import { AppError, defineRoute } from '@vigie/service-kit';
import { scoreWindow } from '../domain/baseline';
import type { AnomalyRepository } from '../adapters/anomaly-repository';
import { toAnomaly, type ScoreWindows } from '../use-cases/score-windows';
import { trainBaselines, type FeatureSource } from '../use-cases/train-baselines';

export function anomaliesRoutes(repo: AnomalyRepository, scoring: () => ScoreWindows, features: FeatureSource, knownAssets: () => string[]) {
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
        return { anomalous: v.anomalous, score: v.score, criticality: v.anomalous ? v.criticality : null, anomaly: v.anomalous ? toAnomaly(body, v, model.version) : null };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/anomalies/:asset_id',
      summary: 'Anomaly history of an asset, newest first',
      tags: ['anomalies'],
      params: z.object({ asset_id: AssetId }),
      query: AnomalyHistoryQuery,
      response: AnomalyHistoryResponse,
      handler: async ({ params, query }) => ({ assetId: params.asset_id, anomalies: await repo.history(params.asset_id, query.limit) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/anomalies/train',
      summary: "Fit new baselines from stored feature windows (one asset, or every asset seen)",
      tags: ['anomalies'],
      body: TrainRequest,
      response: TrainResponse,
      handler: async ({ body }) => {
        const assets = body.assetId ? [body.assetId] : knownAssets();
        if (assets.length === 0) throw new AppError('TRAINING_DATA_MISSING', 'no asset seen yet');
        const models = [];
        for (const assetId of assets) {
          for (const m of await trainBaselines(features, repo, assetId, body.windows)) {
            scoring().use(m);
            models.push({ assetId, version: m.version, sensors: 1, windows: m.windows });
          }
        }
        return { models };
      },
    }),
  ];
}
