import type { z } from 'zod';
import type { AnomalyTrainedModel, AnomalyTrainingJob, AnomalyTrainingJobStatus } from '@vigie/contracts';
import type { Job } from '@vigie/service-kit';

/** A training job as the API reports it (the contract's shape). */
export type TrainingJob = z.infer<typeof AnomalyTrainingJob>;
export type TrainingJobStatus = z.infer<typeof AnomalyTrainingJobStatus>;
export type TrainedModel = z.infer<typeof AnomalyTrainedModel>;
/** A training job as the shared job queue keeps it: subject = asset id (null: every known asset), result = versions. */
export type QueuedTrainingJob = Job<TrainingJob['params'], TrainedModel[]>;

/** Where the queue keeps anomaly training jobs (migration 002). */
export const TRAINING_JOB_TABLE = { table: 'anomaly_training_jobs', subjectColumn: 'asset_id' } as const;

/** The contract's shape of a queued job. */
export function toTrainingJob(job: QueuedTrainingJob): TrainingJob {
  const { subject, result, ...rest } = job;
  return { ...rest, assetId: subject, models: result };
}

/** Registry model of an asset's baselines. Registry names allow `A-Z a-z 0-9 _ . -`; asset ids may also hold `:`. */
export function registryModelName(assetId: string): string {
  return `anomaly-${assetId.replaceAll(':', '_')}`;
}
