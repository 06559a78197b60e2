import { z } from 'zod';
import {
  AssetId,
  ExtractRequest,
  ExtractResponse,
  FeatureDefinitionsQuery,
  FeatureDefinitionsResponse,
  FeaturesQuery,
  FeaturesResponse,
} from '@vigie/contracts';
import { defineRoute } from '@vigie/service-kit';
import type { FeatureDefinitionsRepository } from '../adapters/feature-definitions-repository';
import type { FeaturesRepository } from '../adapters/features-repository';
import type { LatestFeaturesCache } from '../adapters/latest-features-cache';
import type { FeatureProfiles } from '../domain/feature-profiles';
import { extractSignalFeatures } from '../use-cases/extract-signal-features';
import { listFeatureWindows } from '../use-cases/list-feature-windows';

export interface FeaturesRoutesDeps {
  repo: FeaturesRepository;
  definitions: FeatureDefinitionsRepository;
  latest: LatestFeaturesCache;
  profiles: FeatureProfiles;
}

export function featuresRoutes({ repo, definitions, latest, profiles }: FeaturesRoutesDeps) {
  return [
    // Before `/:asset_id`, so the list is not read as an asset's windows.
    defineRoute({
      method: 'GET',
      url: '/api/v1/features/definitions',
      summary: 'Every feature the configured profiles produce: name, profile, family, unit, window, version',
      tags: ['features'],
      query: FeatureDefinitionsQuery,
      response: FeatureDefinitionsResponse,
      handler: async ({ query }) => ({ definitions: await definitions.list(query) }),
    }),
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
      summary: 'Compute the features of a posted signal (options: fs, rpm, bearing, bands, families, profile)',
      tags: ['features'],
      body: ExtractRequest,
      response: ExtractResponse,
      handler: ({ body }) => extractSignalFeatures(body, profiles),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/features/:asset_id',
      summary: 'Stored feature windows of an asset in [from, to): `limit` latest (or earliest), oldest first; `nextCursor` pages on',
      tags: ['features'],
      params: z.object({ asset_id: AssetId }),
      query: FeaturesQuery,
      response: FeaturesResponse,
      handler: ({ params, query }) => listFeatureWindows(repo, params.asset_id, query),
    }),
  ];
}
