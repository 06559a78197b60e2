import { z } from 'zod';
import { AssetId, ExtractRequest, ExtractResponse, FeaturesQuery, FeaturesResponse } from '@vigie/contracts';
import { defineRoute } from '@vigie/service-kit';
import { computeFeatures } from '../domain/tumbling-windows';
import type { FeaturesRepository } from '../adapters/features-repository';
import type { LatestFeaturesCache } from '../adapters/latest-features-cache';

export function featuresRoutes(repo: FeaturesRepository, latest: LatestFeaturesCache) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/features/:asset_id/latest',
      summary: "The newest window of each of an asset's sensors (from the cache; the table when the cache has none)",
      tags: ['features'],
      params: z.object({ asset_id: AssetId }),
      response: FeaturesResponse,
      handler: async ({ params }) => ({
        assetId: params.asset_id,
        windows: (await latest.latest(params.asset_id)) ?? (await repo.latestByAsset(params.asset_id)),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/features/extract',
      summary: 'Compute the window features of a posted signal',
      tags: ['features'],
      body: ExtractRequest,
      response: ExtractResponse,
      handler: ({ body }) => ({ features: computeFeatures(body.values), sampleCount: body.values.length }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/features/:asset_id',
      summary: "Stored feature windows of an asset (latest `limit` windows in the range, oldest first)",
      tags: ['features'],
      params: z.object({ asset_id: AssetId }),
      query: FeaturesQuery,
      response: FeaturesResponse,
      handler: async ({ params, query }) => ({ assetId: params.asset_id, windows: await repo.byAsset(params.asset_id, query) }),
    }),
  ];
}
