import {
  AssetCatalog,
  createService,
  MemoryCache,
  periodic,
  PostgresFeatureStore,
  type Cache,
  type FeatureStore,
  type Service,
  type ServiceDeps,
} from '@vigie/service-kit';
import { FeatureDefinitionsRepository } from './adapters/feature-definitions-repository';
import { loadFeatureProfiles } from './adapters/feature-profiles-file';
import { FeaturesRepository } from './adapters/features-repository';
import { LatestFeaturesCache } from './adapters/latest-features-cache';
import { FeatureExtractionConfigSchema, type FeatureExtractionConfigInput } from './config';
import { preprocessedDataConsumer } from './consumers/preprocessed-data.consumer';
import { featureDefinitions } from './domain/feature-definitions';
import { WindowAssembler } from './domain/window-assembler';
import { featuresRoutes } from './http/features.routes';
import { migrations } from './migrations';
import { ExtractWindowFeatures } from './use-cases/extract-window-features';

/**
 * Extraction-Features (seed §2.3): windows `preprocessed-data` into `extracted-features` under the feature profile of
 * each asset type. Throws FeatureProfilesError at construction when the profiles are invalid.
 */
export function createFeatureExtractionService(
  deps: ServiceDeps & { config?: FeatureExtractionConfigInput; cache?: Cache; featureStore?: FeatureStore },
): Service {
  const config = FeatureExtractionConfigSchema.parse(deps.config ?? {});
  const profiles = loadFeatureProfiles(config);
  const repo = new FeaturesRepository(deps.db);
  const definitions = new FeatureDefinitionsRepository(deps.db);
  const cache = deps.cache ?? MemoryCache.fromConfig({ maxEntries: 10_000 });
  const latest = new LatestFeaturesCache(cache);
  const windows = new WindowAssembler();
  // The feature-store port: the one given (Feast in the distributed profile), else two tables in this service's database.
  let featureStore = deps.featureStore;
  const service = createService(
    {
      name: 'feature-extraction',
      migrations,
      routes: featuresRoutes({ repo, definitions, latest, profiles }),
      consumers: (c) => [
        preprocessedDataConsumer(new ExtractWindowFeatures(c, windows, profiles, assetTypes, repo, latest, featureStore!)),
      ],
    },
    deps,
  );
  const { ctx } = service;
  const assetTypes = new AssetCatalog(
    config.ingestionUrl,
    config.requestTimeoutMs,
    ctx.logger,
    'cannot fetch the asset list; unknown assets use the default feature profile',
    ctx.tokenProvider,
  );
  const refresh = periodic(config.assetRefreshIntervalMs, () => assetTypes.refresh(), ctx.logger, 'asset type refresh');
  // A cache outage degrades "latest" reads to the table; it must not make the service report DOWN.
  ctx.health.register('cache', async () => {
    const ping = await cache.ping();
    return { status: 'UP', details: { cache: ping.status, ...ping.details } };
  });
  ctx.health.register('feature-store', async () =>
    featureStore ? featureStore.ping() : { status: 'DOWN', details: { reason: 'not started' } },
  );
  ctx.lifecycle.onShutdown(() => cache.close());
  ctx.lifecycle.onShutdown(async () => featureStore?.close());
  ctx.lifecycle.onShutdown(() => refresh.stop());
  ctx.lifecycle.onStart(async () => {
    await repo.ensureTables();
    featureStore ??= await PostgresFeatureStore.open(deps.db);
    await definitions.replaceAll(featureDefinitions(profiles.all));
    windows.restore(await repo.lastWindows(), await repo.cursors());
    // Before the consumers start, so known assets get their profile from the first message on.
    await assetTypes.refresh();
    if (config.ingestionUrl !== null) refresh.start();
  });
  return service;
}
