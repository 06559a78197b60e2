import { z } from 'zod';
import { AssetId, SensorReadingsQuery, SensorReadingsResponse } from '@vigie/contracts';
import { NotFoundError, defineRoute } from '@vigie/service-kit';
import type { IngestionRepository } from '../adapters/ingestion-repository';

/**
 * Recent stored readings of an asset, for the dashboard's sensor charts before live points arrive. Bounded: at most
 * `limit` (≤ 5000) readings per sensor, each sensor read along its (sensor_id, ts) key.
 */
export function readingsRoutes(repo: IngestionRepository) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/ingestion/assets/:asset_id/readings',
      summary: "The newest stored readings of each of an asset's sensors (or one), within [since, until], oldest first",
      tags: ['ingestion'],
      params: z.object({ asset_id: AssetId }),
      query: SensorReadingsQuery,
      response: SensorReadingsResponse,
      handler: async ({ params, query }) => {
        const sensors = await repo.sensorsOf(params.asset_id);
        if (sensors === undefined) throw new NotFoundError('ASSET_NOT_FOUND', { assetId: params.asset_id }, `no asset ${params.asset_id}`);
        const wanted = query.sensorId === undefined ? sensors : sensors.filter((s) => s.id === query.sensorId);
        if (wanted.length === 0)
          throw new NotFoundError('NOT_FOUND', { sensorId: query.sensorId }, `asset ${params.asset_id} has no sensor ${query.sensorId}`);
        const since = query.since === undefined ? null : Date.parse(query.since);
        const until = query.until === undefined ? null : Date.parse(query.until);
        const out = [];
        for (const s of wanted) {
          out.push({ sensorId: s.id, kind: s.kind, unit: s.unit, samples: await repo.latestReadings(s.id, since, until, query.limit) });
        }
        return { assetId: params.asset_id, sensors: out };
      },
    }),
  ];
}
