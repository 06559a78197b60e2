import { createService, MemoryCache, type Cache, type Service, type ServiceDeps } from '@vigie/service-kit';
import { LatestFeaturesCache } from './adapters/latest-features-cache';
import { FeaturesRepository } from './adapters/features-repository';
import { FeatureExtractionConfigSchema, type FeatureExtractionConfig } from './config';
import { preprocessedDataConsumer } from './consumers/preprocessed-data.consumer';
import { TumblingWindows } from './domain/tumbling-windows';
import { featuresRoutes } from './http/features.routes';
import { migrations } from './migrations';
import { ExtractWindowFeatures } from './use-cases/extract-window-features';

/** Extraction-Features (seed §2.3): windows `preprocessed-data` into `extracted-features`. */
export function createFeatureExtractionService(deps: ServiceDeps & { config?: Partial<FeatureExtractionConfig>; cache?: Cache }): Service {
  const config = FeatureExtractionConfigSchema.parse(deps.config ?? {});
  const repo = new FeaturesRepository(deps.db);
  const cache = deps.cache ?? MemoryCache.fromConfig({ maxEntries: 10_000 });
  const latest = new LatestFeaturesCache(cache);
  const windows = new TumblingWindows(config.windowSeconds * 1000, config.minSamples);
  const service = createService(
    {
      name: 'feature-extraction',
      migrations,
      routes: featuresRoutes(repo, latest),
      consumers: (ctx) => [preprocessedDataConsumer(new ExtractWindowFeatures(ctx, windows, repo, latest))],
    },
    deps,
  );
  // A cache outage degrades "latest" reads to the table; it must not make the service report DOWN.
  service.ctx.health.register('cache', async () => {
    const ping = await cache.ping();
    return { status: 'UP', details: { cache: ping.status, ...ping.details } };
  });
  service.ctx.lifecycle.onShutdown(() => cache.close());
  service.ctx.lifecycle.onStart(async () => {
    await repo.ensureTables();
    windows.restore(await repo.lastWindowEnds());
  });
  return service;
}
