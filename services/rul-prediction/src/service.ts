import { RulTrainRequest } from '@vigie/contracts';
import {
  AssetCatalog,
  createService,
  periodic,
  FilesystemObjectStore,
  JobQueue,
  JobRepository,
  LocalModelRegistry,
  type ModelRegistry,
  type ObjectStore,
  type Service,
  type ServiceDeps,
} from '@vigie/service-kit';
import { ChampionPredictors } from './adapters/champion-predictors';
import { RulRepository } from './adapters/rul-repository';
import { TrainingSeriesRepository } from './adapters/training-series-repository';
import { RulConfigSchema, type RulConfig, type RulConfigInput } from './config';
import { extractedFeaturesConsumer } from './consumers/extracted-features.consumer';
import { RUL_JOB_TABLE, type QueuedRulJob, type RulTrainedModelView } from './domain/rul-job';
import { rulRoutes } from './http/rul.routes';
import { rulTrainingRoutes } from './http/rul-training.routes';
import { migrations } from './migrations';
import { PredictRul, type PredictorSettings } from './use-cases/predict-rul';
import { bootstrapSimulatorModel } from './use-cases/bootstrap-simulator-model';
import { PredictSeries } from './use-cases/predict-series';
import { ServeTrainedRul } from './use-cases/serve-trained-rul';
import { rulTrainingWork } from './use-cases/train-rul-model';

const MODEL_NAME = 'log-linear-trend';
/** A C-MAPSS training file is a few MB (FD004: 10 MB). */
const BODY_LIMIT = 32 * 1024 * 1024;

export interface RulPredictionDeps extends ServiceDeps {
  config?: RulConfigInput;
  /** Training runs and versions of `rul-<source>`; a LocalModelRegistry in `config.modelsDir` when omitted. */
  modelRegistry?: ModelRegistry;
  /** Bucket `rul-models` of the model artifacts; a FilesystemObjectStore in `config.objectsDir` when omitted. */
  objectStore?: ObjectStore;
}

/**
 * Prédiction-RUL (seed §2.5): online, assets covered by the champion of a simulator-trained source (by id or asset type,
 * from ingestion's asset list) are predicted by it from their extracted-features windows, the others by extrapolating
 * each degrading sensor's trend to its failure limit → `rul-predictions`;
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
    const next = new PredictRul(service.ctx, repo, settings(version), trained);
    await next.restore();
    predictor = next;
    const {
      modelsDir: _m,
      objectsDir: _o,
      ingestionUrl: _i,
      assetRefreshIntervalMs: _a,
      requestTimeoutMs: _r,
      bootstrap: _b,
      ...params
    } = config;
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
  const champions = new ChampionPredictors(registry);
  const predictSeries = new PredictSeries(champions);
  const assetTypes = new AssetCatalog(
    config.ingestionUrl,
    config.requestTimeoutMs,
    logger,
    'cannot fetch the asset list; trained RUL models serve only the assets they name',
    service.ctx.tokenProvider,
  );
  const refresh = periodic(config.assetRefreshIntervalMs, () => assetTypes.refresh(), logger, 'asset type refresh');
  const trained = new ServeTrainedRul(champions, series, assetTypes, logger);
  const jobs = new JobQueue({
    service: 'rul-prediction',
    noun: 'RUL training job',
    repository: new JobRepository<QueuedRulJob['params'], RulTrainedModelView[]>(deps.db, RUL_JOB_TABLE),
    work: rulTrainingWork({ series, repo, registry, objects }),
    logger,
  });
  service.ctx.health.register('model-registry', () => registry.ping());
  service.ctx.lifecycle.onStart(async () => {
    await assetTypes.refresh();
    if (config.ingestionUrl !== null) refresh.start();
    const loaded = (await repo.models()).find((m) => m.name === MODEL_NAME && m.status === 'loaded');
    await load(loaded?.version ?? '1');
    await jobs.recover();
    if (config.bootstrap) void bootstrap(config.bootstrap);
  });
  service.ctx.lifecycle.onShutdown(() => jobs.stop());
  service.ctx.lifecycle.onShutdown(() => refresh.stop());
  /** In the background: the service answers meanwhile; a failure is logged, the next start tries again. */
  const bootstrap = async (b: NonNullable<RulConfig['bootstrap']>) => {
    const { source, window, seed, runs, windowSeconds, assets, coverBy } = b;
    try {
      const { source: _s, ...train } = RulTrainRequest.parse({
        source,
        window,
        cap: 10_000,
        rounds: 300,
        learningRate: 0.1,
        maxDepth: 4,
        earlyStoppingRounds: 20,
      });
      const outcome = await bootstrapSimulatorModel(
        { series, jobs, registry },
        { source, simulator: { seed, runs, windowSeconds, assets, coverBy }, train },
      );
      logger.info({ source, outcome }, 'simulator-trained RUL model bootstrap');
    } catch (error) {
      logger.warn({ source, err: (error as Error).message }, 'simulator-trained RUL model bootstrap failed');
    }
  };
  return service;
}
