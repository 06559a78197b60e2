import {
  createService,
  FilesystemObjectStore,
  JobQueue,
  JobRepository,
  LocalModelRegistry,
  type ModelRegistry,
  type ObjectStore,
  type Service,
  type ServiceDeps,
} from '@vigie/service-kit';
import { RulRepository } from './adapters/rul-repository';
import { TrainingSeriesRepository } from './adapters/training-series-repository';
import { RulConfigSchema, type RulConfig } from './config';
import { extractedFeaturesConsumer } from './consumers/extracted-features.consumer';
import { RUL_JOB_TABLE, type QueuedRulJob, type RulTrainedModelView } from './domain/rul-job';
import { rulRoutes } from './http/rul.routes';
import { rulTrainingRoutes } from './http/rul-training.routes';
import { migrations } from './migrations';
import { PredictRul, type PredictorSettings } from './use-cases/predict-rul';
import { PredictSeries } from './use-cases/predict-series';
import { rulTrainingWork } from './use-cases/train-rul-model';

const MODEL_NAME = 'log-linear-trend';
/** A C-MAPSS training file is a few MB (FD004: 10 MB). */
const BODY_LIMIT = 32 * 1024 * 1024;

export interface RulPredictionDeps extends ServiceDeps {
  config?: Partial<RulConfig>;
  /** Training runs and versions of `rul-<source>`; a LocalModelRegistry in `config.modelsDir` when omitted. */
  modelRegistry?: ModelRegistry;
  /** Bucket `rul-models` of the model artifacts; a FilesystemObjectStore in `config.objectsDir` when omitted. */
  objectStore?: ObjectStore;
}

/**
 * Prédiction-RUL (seed §2.5): extrapolates each degrading sensor's trend to its failure limit → `rul-predictions`;
 * trains gradient-boosted trees with conformal intervals on imported run-to-failure histories as background jobs
 * (versions in the model registry, artifacts in `rul-models`) and predicts posted histories with a source's champion.
 */
export function createRulPredictionService(deps: RulPredictionDeps): Service {
  const config = RulConfigSchema.parse(deps.config ?? {});
  const repo = new RulRepository(deps.db);
  const series = new TrainingSeriesRepository(deps.db);
  let predictor: PredictRul | undefined;
  const usePredictor = (): PredictRul => {
    if (!predictor) throw new Error('rul-prediction used before start');
    return predictor;
  };
  const settings = (version: string): PredictorSettings => ({
    limits: config.limits,
    level: config.level,
    minSignificance: config.minSignificance,
    onsetHealth: config.onsetHealth,
    baselineWindows: config.baselineWindows,
    trendWindows: config.trendWindows,
    failureLimit: Math.min(...Object.values(config.limits)),
    modelVersion: `${MODEL_NAME}@${version}`,
  });
  const load = async (version: string): Promise<void> => {
    const next = new PredictRul(service.ctx, repo, settings(version));
    await next.restore();
    predictor = next;
    const { modelsDir: _m, objectsDir: _o, ...params } = config;
    await repo.registerModel({ name: MODEL_NAME, version, kind: 'exponential-trend', status: 'loaded', params, metrics: {} });
  };
  const service = createService(
    {
      name: 'rul-prediction',
      migrations,
      bodyLimit: BODY_LIMIT,
      routes: () => [...rulRoutes(repo, usePredictor, predictSeries), ...rulTrainingRoutes(jobs, series)],
      consumers: () => [extractedFeaturesConsumer({ execute: (events) => usePredictor().execute(events) })],
    },
    deps,
  );
  const { logger } = service.ctx;
  const registry = deps.modelRegistry ?? LocalModelRegistry.fromConfig({ directory: config.modelsDir, logger });
  const objects = deps.objectStore ?? FilesystemObjectStore.fromConfig({ root: config.objectsDir });
  const predictSeries = new PredictSeries(registry);
  const jobs = new JobQueue({
    service: 'rul-prediction',
    noun: 'RUL training job',
    repository: new JobRepository<QueuedRulJob['params'], RulTrainedModelView[]>(deps.db, RUL_JOB_TABLE),
    work: rulTrainingWork({ series, repo, registry, objects }),
    logger,
  });
  service.ctx.health.register('model-registry', () => registry.ping());
  service.ctx.lifecycle.onStart(async () => {
    const loaded = (await repo.models()).find((m) => m.name === MODEL_NAME && m.status === 'loaded');
    await load(loaded?.version ?? '1');
    await jobs.recover();
  });
  service.ctx.lifecycle.onShutdown(() => jobs.stop());
  return service;
}
