import type { AnomalyJob, RulJob, TrainingJob } from './model-types';

export type JobStatus = TrainingJob['status'];

/** While any job is queued or running the page polls the job lists every 2 s; otherwise it stops polling. */
export const ACTIVE_POLL_MS = 2000;

export function isActive(status: JobStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** Both services refuse to cancel a job that has ended (409 CONFLICT), so the button only shows on active jobs. */
export const canCancel = isActive;

export function anyActive(jobs: readonly Pick<TrainingJob, 'status'>[]): boolean {
  return jobs.some((j) => isActive(j.status));
}

export interface ProgressView {
  /** 0–100, whole. */
  readonly percent: number;
  /** A queued job has no progress yet: the bar is indeterminate (it moves without a value). */
  readonly determinate: boolean;
  readonly color: 'primary' | 'success' | 'error' | 'warning';
}

/**
 * The bar of a job. A succeeded job shows 100 % whatever its last report said; a failed or cancelled one keeps the
 * progress it reached, in the colour of its ending.
 */
export function progressView(job: Pick<TrainingJob, 'status' | 'progress'>): ProgressView {
  const reached = Math.round(Math.min(1, Math.max(0, job.progress)) * 100);
  switch (job.status) {
    case 'queued':
      return { percent: 0, determinate: false, color: 'primary' };
    case 'running':
      return { percent: reached, determinate: true, color: 'primary' };
    case 'succeeded':
      return { percent: 100, determinate: true, color: 'success' };
    case 'failed':
      return { percent: reached, determinate: true, color: 'error' };
    case 'cancelled':
      return { percent: reached, determinate: true, color: 'warning' };
  }
}

/** Run time in ms: from start to end, or to `now` while running; null before it starts. */
export function jobDurationMs(job: Pick<TrainingJob, 'startedAt' | 'finishedAt'>, now: number): number | null {
  if (job.startedAt === null) return null;
  const end = job.finishedAt === null ? now : Date.parse(job.finishedAt);
  return Math.max(0, end - Date.parse(job.startedAt));
}

/** Both services' jobs in one list, newest first (ties: by id, so the order is stable between polls). */
export function mergeJobs(rul: readonly RulJob[], anomaly: readonly AnomalyJob[]): TrainingJob[] {
  const all: TrainingJob[] = [
    ...rul.map((j) => ({ ...j, kind: 'rul' as const })),
    ...anomaly.map((j) => ({ ...j, kind: 'anomaly' as const })),
  ];
  return all.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id.localeCompare(a.id));
}

/** What a job trains: a RUL source, an anomaly asset, or every asset (`null`). */
export function jobSubject(job: TrainingJob): string | null {
  return job.kind === 'rul' ? job.source : job.assetId;
}
