import type { z } from 'zod';
import type { RulTrainRequest, RulTrainedModel, RulTrainingJob } from '@vigie/contracts';
import type { Job } from '@vigie/service-kit';

export type RulTrainParams = z.infer<typeof RulTrainRequest>;
export type RulTrainedModelView = z.infer<typeof RulTrainedModel>;
export type RulTrainingJobView = z.infer<typeof RulTrainingJob>;
/** A RUL training job as the shared job queue keeps it: subject = source, result = the version(s) registered. */
export type QueuedRulJob = Job<Omit<RulTrainParams, 'source'>, RulTrainedModelView[]>;

/** Where the queue keeps RUL training jobs (migration 002). */
export const RUL_JOB_TABLE = { table: 'rul_training_jobs', subjectColumn: 'source' } as const;
/** Bucket of the model artifacts in the object store. */
export const RUL_MODELS_BUCKET = 'rul-models';
/** The registry model (and experiment) a source's versions go to. */
export const registryModelName = (source: string): string => `rul-${source}`;

/** The contract's shape of a queued job. */
export function toRulTrainingJob(job: QueuedRulJob): RulTrainingJobView {
  const { subject, result, params, ...rest } = job;
  return { ...rest, source: subject ?? '', params: { ...params, source: subject ?? '' }, models: result };
}
