import { AppError, type JobWork, type ModelRegistry } from '@vigie/service-kit';
import type { AnomalyRepository } from '../adapters/anomaly-repository';
import type { QueuedTrainingJob, TrainedModel } from '../domain/training-job';
import type { ChampionFollower } from './follow-champions';
import { registerBaselines } from './register-baselines';
import { fitAssetModel, fitSensorBaselines, type FeatureSource } from './train-baselines';

export interface TrainingDeps {
  source: FeatureSource;
  registry: ModelRegistry;
  repo: AnomalyRepository;
  champions: ChampionFollower;
  /** Assets the service knows, for a job without an asset. */
  knownAssets: () => string[];
}

/**
 * One training job: per asset in scope, reads the earliest stored windows of the job's period, fits and validates a
 * baseline per sensor (progress after each) and the asset's multivariate model, logs and registers the fit, and promotes it when it beats the champion; a promoted version
 * goes into service at once. Assets without windows are skipped; a job that trained nothing fails TRAINING_DATA_MISSING.
 */
export function trainingJobWork(deps: TrainingDeps): JobWork<QueuedTrainingJob['params'], TrainedModel[]> {
  return async (job, report, signal) => {
    const assets = job.subject === null ? deps.knownAssets() : [job.subject];
    const models: TrainedModel[] = [];
    for (const [i, assetId] of assets.entries()) {
      const stored = await deps.source(assetId, job.params.windows, signal, { from: job.params.from, to: job.params.to });
      const fits = await fitSensorBaselines(stored, job.params.windows, (done, total) =>
        report((i + (0.5 * done) / total) / assets.length, models),
      );
      if (fits.length === 0) continue;
      const asset = fitAssetModel(stored, job.params.windows);
      await report((i + 0.9) / assets.length, models);
      const registered = await registerBaselines(deps.registry, assetId, fits, asset, job.params.windows, job.id);
      if (registered.trained.promoted) {
        await deps.repo.activate(registered.models, 'train', registered.trained.version);
        deps.champions.activate(registered.models);
      } else {
        await deps.repo.recordCandidates(registered.models, registered.trained.version);
      }
      deps.champions.follow(assetId);
      models.push(registered.trained);
      await report((i + 1) / assets.length, models);
    }
    if (models.length === 0) {
      throw new AppError('TRAINING_DATA_MISSING', `no stored feature windows to train on for ${job.subject ?? 'any known asset'}`);
    }
    return models;
  };
}
