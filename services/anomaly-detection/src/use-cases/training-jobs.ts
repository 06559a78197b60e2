import { AppError, type Logger } from '@vigie/service-kit';
import { JobAbandoned, type TrainingJob, type TrainedModel } from '../domain/training-job';
import type { TrainingJobRepository } from '../adapters/training-job-repository';

/** What a job reports as it goes; throws JobAbandoned once the job was cancelled or taken over. */
export type ReportProgress = (progress: number, models: readonly TrainedModel[]) => Promise<void>;
/** Does the work of one claimed job and returns the versions it registered. */
export type JobWork = (job: TrainingJob, report: ReportProgress, signal: AbortSignal) => Promise<TrainedModel[]>;

export const RESTART_MESSAGE = 'interrupted by a restart';
export const SHUTDOWN_MESSAGE = 'interrupted by a shutdown';

interface Current {
  id: string;
  abort: AbortController;
}

/**
 * The training queue: jobs are rows of `anomaly_training_jobs`, run one at a time in this process, oldest first.
 * A job a process left queued or running cannot be finished by anyone (its in-memory state is gone), so `recover`
 * marks it failed "interrupted by a restart" at the next start rather than re-queueing it: a retrain is one request,
 * and a job that brought the process down is not run again on its own. A graceful stop marks the running job failed
 * "interrupted by a shutdown". Every write is guarded by the state it leaves, so a cancelled or taken-over job that
 * is still computing changes nothing when it finishes.
 */
export class TrainingJobs {
  private loop: Promise<void> | undefined;
  private current: Current | undefined;
  private stopped = false;

  constructor(
    private readonly jobs: TrainingJobRepository,
    private readonly work: JobWork,
    private readonly logger: Logger,
  ) {}

  async recover(): Promise<void> {
    const failed = await this.jobs.failInterrupted(RESTART_MESSAGE);
    if (failed > 0) this.logger.warn({ failed }, 'training jobs left by a previous process marked failed');
    this.kick();
  }

  async enqueue(assetId: string | null, params: TrainingJob['params']): Promise<TrainingJob> {
    if (this.stopped) throw new AppError('UNAVAILABLE', 'anomaly-detection is stopping');
    const job = await this.jobs.create(assetId, params);
    this.kick();
    return job;
  }

  async get(id: string): Promise<TrainingJob> {
    const job = await this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', `no training job ${id}`, { jobId: id });
    return job;
  }

  list(limit: number, cursor?: string) {
    return this.jobs.list(limit, cursor);
  }

  /** Cancels a queued or running job (a running one stops at its next progress step); CONFLICT once it has ended. */
  async cancel(id: string): Promise<TrainingJob> {
    const job = await this.get(id);
    const done = await this.jobs.finish(id, ['queued', 'running'], 'cancelled', 'cancelled by request');
    if (!done) throw new AppError('CONFLICT', `training job ${id} is ${job.status}`, { jobId: id, status: job.status });
    if (this.current?.id === id) this.current.abort.abort(new JobAbandoned('cancelled'));
    return this.get(id);
  }

  /** Stops taking jobs, fails the running one, and waits for its work to unwind. */
  async stop(): Promise<void> {
    this.stopped = true;
    const current = this.current;
    if (current) {
      await this.jobs
        .finish(current.id, ['running'], 'failed', SHUTDOWN_MESSAGE)
        .catch((err: unknown) => this.logger.error({ err }, 'could not fail the running job'));
      current.abort.abort(new JobAbandoned('lost'));
    }
    await this.loop;
  }

  private kick(): void {
    if (this.loop || this.stopped) return;
    this.loop = this.drain()
      .catch((err: unknown) => this.logger.error({ err }, 'training queue failed'))
      .finally(() => {
        this.loop = undefined;
      });
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const job = await this.jobs.claimNext();
      if (!job) return;
      await this.execute(job);
    }
  }

  private async execute(job: TrainingJob): Promise<void> {
    const current: Current = { id: job.id, abort: new AbortController() };
    this.current = current;
    const report: ReportProgress = async (progress, models) => {
      if (current.abort.signal.aborted) throw new JobAbandoned('cancelled');
      if (!(await this.jobs.progress(job.id, Math.min(1, Math.max(0, progress)), models))) throw new JobAbandoned('lost');
    };
    try {
      const models = await this.work(job, report, current.abort.signal);
      await this.jobs.finish(job.id, ['running'], 'succeeded', null, models);
      this.logger.info({ jobId: job.id, models: models.length }, 'training job succeeded');
    } catch (err) {
      // Abandoned (cancelled, shut down, or failed by a newer process): the state that took the job over stands.
      if (current.abort.signal.aborted || err instanceof JobAbandoned) return;
      const message = err instanceof AppError ? `${err.code}: ${err.message}` : `INTERNAL: ${(err as Error).message}`;
      await this.jobs.finish(job.id, ['running'], 'failed', message);
      this.logger.warn({ jobId: job.id, err }, 'training job failed');
    } finally {
      this.current = undefined;
    }
  }
}
