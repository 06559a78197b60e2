import { createService, type Service, type ServiceDeps } from '@vigie/service-kit';
import { FeaturesRepository } from './adapters/features-repository';
import { FeatureExtractionConfigSchema, type FeatureExtractionConfig } from './config';
import { preprocessedDataConsumer } from './consumers/preprocessed-data.consumer';
import { TumblingWindows } from './domain/tumbling-windows';
import { featuresRoutes } from './http/features.routes';
import { migrations } from './migrations';
import { ExtractWindowFeatures } from './use-cases/extract-window-features';

/** Extraction-Features (seed §2.3): windows `preprocessed-data` into `extracted-features`. */
export function createFeatureExtractionService(deps: ServiceDeps & { config?: Partial<FeatureExtractionConfig> }): Service {
  const config = FeatureExtractionConfigSchema.parse(deps.config ?? {});
  const repo = new FeaturesRepository(deps.db);
  const windows = new TumblingWindows(config.windowSeconds * 1000, config.minSamples);
  const service = createService(
    {
      name: 'feature-extraction',
      migrations,
      routes: featuresRoutes(repo),
      consumers: (ctx) => [preprocessedDataConsumer(new ExtractWindowFeatures(ctx, windows, repo))],
    },
    deps,
  );
  service.ctx.lifecycle.onStart(async () => {
    await repo.ensureTables();
    windows.restore(await repo.lastWindowEnds());
  });
  return service;
}
