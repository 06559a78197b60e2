import {
  createService,
  JobQueue,
  JobRepository,
  LocalModelRegistry,
  type ModelRegistry,
  type Service,
  type ServiceDeps,
} from '@vigie/service-kit';
import { AnomalyRepository } from './adapters/anomaly-repository';
import { AnomalyConfigSchema, type AnomalyConfig } from './config';
import { extractedFeaturesConsumer } from './consumers/extracted-features.consumer';
import { anomaliesRoutes } from './http/anomalies.routes';
import { thresholdsRoutes } from './http/thresholds.routes';
import { trainingJobsRoutes } from './http/training-jobs.routes';
import { TRAINING_JOB_TABLE, type QueuedTrainingJob, type TrainedModel } from './domain/training-job';
import { migrations } from './migrations';
import { ChampionFollower } from './use-cases/follow-champions';
import { trainingJobWork } from './use-cases/run-training-job';
import { ScoreWindows } from './use-cases/score-windows';
import { httpFeatureSource, type FeatureSource } from './use-cases/train-baselines';

export interface AnomalyDetectionDeps extends ServiceDeps {
  config?: Partial<AnomalyConfig>;
  featureSource?: FeatureSource;
  /** Where training runs and model versions go; a LocalModelRegistry in `config.modelsDir` when omitted. */
  modelRegistry?: ModelRegistry;
}

/**
 * Détection-Anomalies (seed §2.4): scores `extracted-features` → `anomalies-detected`, per asset with its trained
 * multivariate model (MSET + PCA ensemble over the asset's sensors, POT thresholds, hysteresis) and per sensor with a
 * robust baseline where no asset model serves. Baselines come from the first windows of each sensor (automatic) or
 * from training jobs; trained versions (baselines and asset model) live in the model registry; the service follows
 * each asset's `champion` and swaps models when it moves.
 */
export function createAnomalyDetectionService(deps: AnomalyDetectionDeps): Service {
  const config = AnomalyConfigSchema.parse(deps.config ?? {});
  const repo = new AnomalyRepository(deps.db);
  let scoring: ScoreWindows | undefined;
  const useScoring = (): ScoreWindows => {
    if (!scoring) throw new Error('anomaly-detection used before start');
    return scoring;
  };
  const knownAssets = (): string[] => useScoring().knownAssets();
  const service = createService(
    {
      name: 'anomaly-detection',
      migrations,
      routes: () => [...anomaliesRoutes(repo, useScoring), ...thresholdsRoutes(useScoring), ...trainingJobsRoutes(jobs, knownAssets)],
      consumers: () => [extractedFeaturesConsumer(useScoring())],
    },
    deps,
  );
  const { logger } = service.ctx;
  const registry = deps.modelRegistry ?? LocalModelRegistry.fromConfig({ directory: config.modelsDir, logger });
  const champions = new ChampionFollower(registry, repo, useScoring, config.championPollMs, logger);
  const jobs = new JobQueue({
    service: 'anomaly-detection',
    noun: 'training job',
    repository: new JobRepository<QueuedTrainingJob['params'], TrainedModel[]>(deps.db, TRAINING_JOB_TABLE),
    work: trainingJobWork({
      source: deps.featureSource ?? httpFeatureSource(config.featuresUrl, service.ctx.tokenProvider),
      registry,
      repo,
      champions,
      knownAssets,
    }),
    logger,
  });
  service.ctx.health.register('model-registry', () => registry.ping());
  service.ctx.lifecycle.onStart(async () => {
    scoring = new ScoreWindows(service.ctx, repo, config.baselineWindows, (assetId) => champions.follow(assetId), config.persistWindows);
    await scoring.restore();
    await jobs.recover();
  });
  service.ctx.lifecycle.onShutdown(() => champions.stop());
  service.ctx.lifecycle.onShutdown(() => jobs.stop());
  return service;
}
