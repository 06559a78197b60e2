import {
  RulTrainingDataQuery,
  RulTrainingDataRequest,
  RulTrainingDataResponse,
  RulTrainingJob,
  RulTrainingJobParams,
  RulTrainingJobsQuery,
  RulTrainingJobsResponse,
  RulTrainRequest,
} from '@vigie/contracts';
import { AppError, defineRoute, type JobQueue } from '@vigie/service-kit';
import type { TrainingSeriesRepository } from '../adapters/training-series-repository';
import { toRulTrainingJob, type QueuedRulJob, type RulTrainedModelView } from '../domain/rul-job';
import { importCmapss, importSimulator } from '../use-cases/import-training-data';

type RulJobs = JobQueue<QueuedRulJob['params'], RulTrainedModelView[]>;

/** Training data import and RUL training jobs (202, then poll `/api/v1/rul/jobs/{id}`). */
export function rulTrainingRoutes(jobs: RulJobs, series: TrainingSeriesRepository) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/rul/training-data',
      summary:
        'Import run-to-failure histories as a source: C-MAPSS (text/plain with ?source=, or JSON { source, text }) or the plant simulator (JSON { source, simulator: { seed, runs, windowSeconds, assets } })',
      tags: ['rul'],
      body: RulTrainingDataRequest,
      query: RulTrainingDataQuery,
      response: RulTrainingDataResponse,
      status: 201,
      handler: async ({ body, query }) => {
        if (typeof body !== 'string' && 'simulator' in body) return importSimulator(series, body.source, body.simulator);
        const source = typeof body === 'string' ? query.source : body.source;
        if (source === undefined)
          throw new AppError('VALIDATION_FAILED', 'Invalid query', {
            issues: [{ path: 'query.source', message: 'a text/plain import names its source' }],
          });
        return importCmapss(series, source, typeof body === 'string' ? body : body.text);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/rul/train',
      summary: "Queue a training job on a source's run-to-failure histories; poll it at /api/v1/rul/jobs/{id}",
      tags: ['rul'],
      body: RulTrainRequest,
      response: RulTrainingJob,
      status: 202,
      handler: async ({ body }) => {
        const { source, ...params } = body;
        if (!(await series.summary(source)))
          throw new AppError('TRAINING_DATA_MISSING', `no training data for source ${source}`, { source });
        return toRulTrainingJob(await jobs.enqueue(source, params));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/rul/jobs',
      summary: 'Recent RUL training jobs, newest first, paged (nextCursor)',
      tags: ['rul'],
      query: RulTrainingJobsQuery,
      response: RulTrainingJobsResponse,
      handler: async ({ query }) => {
        const page = await jobs.list(query.limit, query.cursor);
        return { ...page, jobs: page.jobs.map(toRulTrainingJob) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/rul/jobs/:id',
      summary: 'A RUL training job: status, progress, message and the model version it registered',
      tags: ['rul'],
      params: RulTrainingJobParams,
      response: RulTrainingJob,
      handler: async ({ params }) => toRulTrainingJob(await jobs.get(params.id)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/rul/jobs/:id/cancel',
      summary: 'Cancel a queued or running RUL training job (409 CONFLICT once it has ended)',
      tags: ['rul'],
      params: RulTrainingJobParams,
      response: RulTrainingJob,
      handler: async ({ params }) => toRulTrainingJob(await jobs.cancel(params.id)),
    }),
  ];
}
