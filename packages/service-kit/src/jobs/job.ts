/** Where a job is: queued → running → succeeded | failed | cancelled (a queued job may also be cancelled or failed). */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/**
 * A background job as its table stores it. `subject` is what the job is about (an asset, a data source; null for
 * "everything"), `params` its request, `result` what it produced so far (JSON, e.g. the model versions registered).
 * Services map it to their contract's shape (`assetId`, `models`…).
 */
export interface Job<P, R> {
  readonly id: string;
  readonly subject: string | null;
  readonly params: P;
  readonly status: JobStatus;
  /** In [0, 1]; 1 once succeeded. */
  readonly progress: number;
  /** Why it failed or was cancelled (`CODE: message` for a failure). */
  readonly message: string | null;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly result: R;
}

/** The job ran but a newer state (cancel, restart, shutdown) took it over: stop quietly, write nothing more. */
export class JobAbandoned extends Error {
  constructor(readonly reason: 'cancelled' | 'lost') {
    super(`job ${reason}`);
    this.name = 'JobAbandoned';
  }
}
