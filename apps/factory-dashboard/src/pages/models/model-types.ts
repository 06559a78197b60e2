import type { AnomalyTrainingJobsResponse, RulModelsResponse, RulTrainingJobsResponse } from '@vigie/contracts';
import type { z } from 'zod';

/** The answers of the model endpoints, typed from their contracts (what the services validate before sending). */
export type RulModelsAnswer = z.output<typeof RulModelsResponse>;
export type RulModel = RulModelsAnswer['models'][number];
export type RulJobsAnswer = z.output<typeof RulTrainingJobsResponse>;
export type RulJob = RulJobsAnswer['jobs'][number];
export type AnomalyJobsAnswer = z.output<typeof AnomalyTrainingJobsResponse>;
export type AnomalyJob = AnomalyJobsAnswer['jobs'][number];
export type AnomalyTrainedModel = AnomalyJob['models'][number];

/** Either kind of training job, tagged with the service that runs it (their cancel endpoints differ). */
export type TrainingJob = ({ readonly kind: 'rul' } & RulJob) | ({ readonly kind: 'anomaly' } & AnomalyJob);

export const RUL_MODELS_PATH = '/api/v1/rul/models';
export const RUL_JOBS_PATH = '/api/v1/rul/jobs?limit=20';
export const ANOMALY_JOBS_PATH = '/api/v1/anomalies/jobs?limit=50';
export const RUL_TRAIN_PATH = '/api/v1/rul/train';

/** The cancel endpoint of a job. */
export function cancelPath(job: Pick<TrainingJob, 'kind' | 'id'>): string {
  return job.kind === 'rul' ? `/api/v1/rul/jobs/${job.id}/cancel` : `/api/v1/anomalies/jobs/${job.id}/cancel`;
}
