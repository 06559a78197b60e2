import {
  AnomalyTrainingJob,
  AnomalyTrainingJobParams,
  AnomalyTrainingJobsQuery,
  AnomalyTrainingJobsResponse,
  TrainRequest,
  TrainResponse,
} from '@vigie/contracts';
import { AppError, defineRoute, type JobQueue } from '@vigie/service-kit';
import { toTrainingJob, type QueuedTrainingJob, type TrainedModel } from '../domain/training-job';

type TrainingJobs = JobQueue<QueuedTrainingJob['params'], TrainedModel[]>;

export function trainingJobsRoutes(jobs: TrainingJobs, knownAssets: () => string[]) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/anomalies/train',
      summary: 'Queue a training job (one asset, or every asset seen); poll it at /api/v1/anomalies/jobs/{id}',
      tags: ['anomalies'],
      body: TrainRequest,
      response: TrainResponse,
      status: 202,
      handler: async ({ body }) => {
        if (body.assetId === undefined && knownAssets().length === 0) throw new AppError('TRAINING_DATA_MISSING', 'no asset seen yet');
        const job = await jobs.enqueue(body.assetId ?? null, {
          windows: body.windows,
          ...(body.from === undefined ? {} : { from: new Date(body.from).toISOString() }),
          ...(body.to === undefined ? {} : { to: new Date(body.to).toISOString() }),
        });
        return toTrainingJob(job);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/anomalies/jobs',
      summary: 'Recent training jobs, newest first, paged (nextCursor)',
      tags: ['anomalies'],
      query: AnomalyTrainingJobsQuery,
      response: AnomalyTrainingJobsResponse,
      handler: async ({ query }) => {
        const page = await jobs.list(query.limit, query.cursor);
        return { ...page, jobs: page.jobs.map(toTrainingJob) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/anomalies/jobs/:id',
      summary: 'A training job: status, progress, message and the model versions it registered',
      tags: ['anomalies'],
      params: AnomalyTrainingJobParams,
      response: AnomalyTrainingJob,
      handler: async ({ params }) => toTrainingJob(await jobs.get(params.id)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/anomalies/jobs/:id/cancel',
      summary: 'Cancel a queued or running training job (409 CONFLICT once it has ended)',
      tags: ['anomalies'],
      params: AnomalyTrainingJobParams,
      response: AnomalyTrainingJob,
      handler: async ({ params }) => toTrainingJob(await jobs.cancel(params.id)),
    }),
  ];
}
