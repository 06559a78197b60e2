import { AppError } from '../errors';
import type { Logger } from '../logger';
import { JobAbandoned, type Job } from './job';
import type { JobRepository } from './job-repository';

/** What a job reports as it goes; throws JobAbandoned once the job was cancelled or taken over. */
export type ReportProgress<R> = (progress: number, result: R) => Promise<void>;
/** Does the work of one claimed job and returns its result; `signal` aborts when the job is cancelled or lost. */
export type JobWork<P, R> = (job: Job<P, R>, report: ReportProgress<R>, signal: AbortSignal) => Promise<R>;

export const RESTART_MESSAGE = 'interrupted by a restart';
export const SHUTDOWN_MESSAGE = 'interrupted by a shutdown';

export interface JobQueueOptions<P, R> {
  /** Owner, for the UNAVAILABLE message while stopping (e.g. `anomaly-detection`). */
  readonly service: string;
  /** What a job is called in messages (e.g. `training job`). */
  readonly noun?: string;
  readonly repository: JobRepository<P, R>;
  readonly work: JobWork<P, R>;
  readonly logger: Logger;
}

interface Current {
  id: string;
  abort: AbortController;
}

/**
 * A queue of background jobs kept as rows of a table, run one at a time in this process, oldest first.
 * A job a process left queued or running cannot be finished by anyone (its in-memory state is gone), so `recover`
 * marks it failed "interrupted by a restart" at the next start rather than re-queueing it: a retry is one request,
 * and a job that brought the process down is not run again on its own. A graceful stop marks the running job failed
 * "interrupted by a shutdown". Every write is guarded by the state it leaves, so a cancelled or taken-over job that
 * is still computing changes nothing when it finishes.
 */
export class JobQueue<P, R> {
  private loop: Promise<void> | undefined;
  private current: Current | undefined;
  private stopped = false;
  /** Set by every kick: a job may have been queued after the running drain's last claim came back empty. */
  private wanted = false;
  private readonly noun: string;
  private readonly jobs: JobRepository<P, R>;

  constructor(private readonly options: JobQueueOptions<P, R>) {
    this.noun = options.noun ?? 'job';
    this.jobs = options.repository;
  }

  /** At start: fails what a previous process left behind, then runs anything queued since. */
  async recover(): Promise<void> {
    const failed = await this.jobs.failInterrupted(RESTART_MESSAGE);
    if (failed > 0) this.options.logger.warn({ failed }, `${this.noun}s left by a previous process marked failed`);
    this.kick();
  }

  async enqueue(subject: string | null, params: P): Promise<Job<P, R>> {
    if (this.stopped) throw new AppError('UNAVAILABLE', `${this.options.service} is stopping`);
    const job = await this.jobs.create(subject, params);
    this.kick();
    return job;
  }

  /** NOT_FOUND for an unknown id. */
  async get(id: string): Promise<Job<P, R>> {
    const job = await this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', `no ${this.noun} ${id}`, { jobId: id });
    return job;
  }

  list(limit: number, cursor?: string): Promise<{ jobs: Job<P, R>[]; nextCursor?: string }> {
    return this.jobs.list(limit, cursor);
  }

  /** Cancels a queued or running job (a running one stops at its next progress step); CONFLICT once it has ended. */
  async cancel(id: string): Promise<Job<P, R>> {
    const job = await this.get(id);
    const done = await this.jobs.finish(id, ['queued', 'running'], 'cancelled', 'cancelled by request');
    if (!done) throw new AppError('CONFLICT', `${this.noun} ${id} is ${job.status}`, { jobId: id, status: job.status });
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
        .catch((err: unknown) => this.options.logger.error({ err }, `could not fail the running ${this.noun}`));
      current.abort.abort(new JobAbandoned('lost'));
    }
    await this.loop;
  }

  private kick(): void {
    this.wanted = true;
    if (this.loop || this.stopped) return;
    this.loop = this.drainWhileWanted()
      .catch((err: unknown) => this.options.logger.error({ err }, `${this.noun} queue failed`))
      .finally(() => {
        this.loop = undefined;
      });
  }

  /** Drains again when kicked during a drain: its claim may have run before the new job's row was committed. */
  private async drainWhileWanted(): Promise<void> {
    while (this.wanted && !this.stopped) {
      this.wanted = false;
      await this.drain();
    }
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const job = await this.jobs.claimNext();
      if (!job) return;
      await this.execute(job);
    }
  }

  private async execute(job: Job<P, R>): Promise<void> {
    const { logger } = this.options;
    const current: Current = { id: job.id, abort: new AbortController() };
    this.current = current;
    const report: ReportProgress<R> = async (progress, result) => {
      if (current.abort.signal.aborted) throw new JobAbandoned('cancelled');
      if (!(await this.jobs.progress(job.id, Math.min(1, Math.max(0, progress)), result))) throw new JobAbandoned('lost');
    };
    try {
      const result = await this.options.work(job, report, current.abort.signal);
      await this.jobs.finish(job.id, ['running'], 'succeeded', null, result);
      logger.info({ jobId: job.id }, `${this.noun} succeeded`);
    } catch (err) {
      // Abandoned (cancelled, shut down, or failed by a newer process): the state that took the job over stands.
      if (current.abort.signal.aborted || err instanceof JobAbandoned) return;
      const message = err instanceof AppError ? `${err.code}: ${err.message}` : `INTERNAL: ${(err as Error).message}`;
      await this.jobs.finish(job.id, ['running'], 'failed', message);
      logger.warn({ jobId: job.id, err }, `${this.noun} failed`);
    } finally {
      this.current = undefined;
    }
  }
}
