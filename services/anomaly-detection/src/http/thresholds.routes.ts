import { z } from 'zod';
import { AnomalyThresholdsResponse, AssetId, type ScoreThresholds } from '@vigie/contracts';
import { defineRoute } from '@vigie/service-kit';
import { BASELINE_LEVELS } from '../domain/baseline';
import type { ScoreWindows } from '../use-cases/score-windows';

/** An asset model's level thresholds are on the odds scale s / (1 − s); anomalies carry s. */
const scoreOfOdds = (odds: number): number => odds / (1 + odds);

/**
 * Where the asset's anomaly levels start, for charts that draw scores against them: the asset model in service (its
 * POT thresholds) and the fixed levels of the sensor baselines. Read-only; reflects the models scoring right now.
 */
export function thresholdsRoutes(scoring: () => ScoreWindows) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/anomalies/:asset_id/thresholds',
      summary: "Score thresholds of each criticality level of the asset's models in service (asset model and sensor baselines)",
      tags: ['anomalies'],
      params: z.object({ asset_id: AssetId }),
      response: AnomalyThresholdsResponse,
      handler: ({ params }) => {
        const served = scoring().assetModel(params.asset_id);
        const [low, medium, high, critical] = served?.model.thresholds ?? [];
        const assetThresholds: ScoreThresholds | undefined =
          low === undefined || medium === undefined || high === undefined || critical === undefined
            ? undefined
            : { low: scoreOfOdds(low), medium: scoreOfOdds(medium), high: scoreOfOdds(high), critical: scoreOfOdds(critical) };
        return {
          assetId: params.asset_id,
          assetModel:
            served && assetThresholds
              ? { modelVersion: served.version, sensors: [...served.model.sensors()].sort(), thresholds: assetThresholds }
              : null,
          sensorBaselines: {
            thresholds: { ...BASELINE_LEVELS },
            sensors: scoring()
              .baselinesOf(params.asset_id)
              .map((m) => ({ sensorId: m.sensorId, modelVersion: m.version })),
          },
        };
      },
    }),
  ];
}
