import { createService, type Service, type ServiceDeps } from '@vigie/service-kit';
import { AnomalyRepository } from './adapters/anomaly-repository';
import { AnomalyConfigSchema, type AnomalyConfig } from './config';
import { extractedFeaturesConsumer } from './consumers/extracted-features.consumer';
import { anomaliesRoutes } from './http/anomalies.routes';
import { migrations } from './migrations';
import { ScoreWindows } from './use-cases/score-windows';
import { httpFeatureSource, type FeatureSource } from './use-cases/train-baselines';

/** Détection-Anomalies (seed §2.4): scores `extracted-features` against robust baselines → `anomalies-detected`. */
export function createAnomalyDetectionService(
  deps: ServiceDeps & { config?: Partial<AnomalyConfig>; featureSource?: FeatureSource },
): Service {
  const config = AnomalyConfigSchema.parse(deps.config ?? {});
  const repo = new AnomalyRepository(deps.db);
  let scoring: ScoreWindows | undefined;
  const useScoring = (): ScoreWindows => {
    if (!scoring) throw new Error('anomaly-detection used before start');
    return scoring;
  };
  const service = createService(
    {
      name: 'anomaly-detection',
      migrations,
      routes: anomaliesRoutes(repo, useScoring, deps.featureSource ?? httpFeatureSource(config.featuresUrl), () => useScoring().knownAssets()),
      consumers: () => [extractedFeaturesConsumer(useScoring())],
    },
    deps,
  );
  service.ctx.lifecycle.onStart(async () => {
    scoring = new ScoreWindows(service.ctx, repo, config.baselineWindows);
    await scoring.restore();
  });
  return service;
}
