import { randomUUID } from 'node:crypto';
import type { Database } from '@vigie/service-kit';
import type { TrainingJob, TrainingJobStatus, TrainedModel } from '../domain/training-job';
import { decodeCursor, encodeCursor } from '../domain/cursor';

interface JobRow {
  id: string;
  asset_id: string | null;
  params: TrainingJob['params'];
  status: TrainingJobStatus;
  progress: number;
  message: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  result: TrainedModel[];
}

/**
 * `anomaly_training_jobs`. Every transition names the state it leaves (`WHERE status = …`), so a writer that lost the
 * job (cancelled, or marked failed by a newer process) changes nothing: the first transition out of a state wins.
 */
export class TrainingJobRepository {
  constructor(private readonly db: Database) {}

  async create(assetId: string | null, params: TrainingJob['params']): Promise<TrainingJob> {
    const { rows } = await this.db.query<JobRow>(
      'INSERT INTO anomaly_training_jobs (id, asset_id, params) VALUES ($1, $2, $3) RETURNING *',
      [randomUUID(), assetId, params],
    );
    return toJob(rows[0]!);
  }

  async get(id: string): Promise<TrainingJob | undefined> {
    const { rows } = await this.db.query<JobRow>('SELECT * FROM anomaly_training_jobs WHERE id = $1', [id]);
    return rows[0] && toJob(rows[0]);
  }

  /** Newest first by (created_at, id). */
  async list(limit: number, cursor?: string): Promise<{ jobs: TrainingJob[]; nextCursor?: string }> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const { rows } = await this.db.query<JobRow>(
      `SELECT * FROM anomaly_training_jobs
        WHERE ($1::timestamptz IS NULL OR (date_trunc('milliseconds', created_at), id) < ($1::timestamptz, $2::text))
        ORDER BY date_trunc('milliseconds', created_at) DESC, id DESC LIMIT $3`,
      [after ? new Date(after.t) : null, after?.id ?? null, limit + 1],
    );
    const jobs = rows.slice(0, limit).map(toJob);
    const last = jobs.at(-1);
    return rows.length > limit && last ? { jobs, nextCursor: encodeCursor({ t: Date.parse(last.createdAt), id: last.id }) } : { jobs };
  }

  /** The oldest queued job, now `running`; undefined when none is queued. */
  async claimNext(): Promise<TrainingJob | undefined> {
    const { rows } = await this.db.query<JobRow>(
      `UPDATE anomaly_training_jobs SET status = 'running', started_at = clock_timestamp()
        WHERE id = (SELECT id FROM anomaly_training_jobs WHERE status = 'queued' ORDER BY created_at, id LIMIT 1) AND status = 'queued'
        RETURNING *`,
    );
    return rows[0] && toJob(rows[0]);
  }

  /** False when the job is no longer running (cancelled, or failed by a restart). */
  async progress(id: string, progress: number, result: readonly TrainedModel[]): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE anomaly_training_jobs SET progress = $2, result = $3 WHERE id = $1 AND status = 'running'`,
      [id, progress, JSON.stringify(result)],
    );
    return rowCount > 0;
  }

  async finish(
    id: string,
    from: readonly TrainingJobStatus[],
    status: TrainingJobStatus,
    message: string | null,
    result?: readonly TrainedModel[],
  ): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE anomaly_training_jobs SET status = $3, message = $4, finished_at = clock_timestamp(),
              progress = CASE WHEN $3 = 'succeeded' THEN 1 ELSE progress END, result = COALESCE($5::jsonb, result)
        WHERE id = $1 AND status = ANY($2::text[])`,
      [id, [...from], status, message, result === undefined ? null : JSON.stringify(result)],
    );
    return rowCount > 0;
  }

  /** At start: jobs a previous process left queued or running will never be finished by it. */
  async failInterrupted(message: string): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE anomaly_training_jobs SET status = 'failed', message = $1, finished_at = clock_timestamp() WHERE status IN ('queued', 'running')`,
      [message],
    );
    return rowCount;
  }
}

function toJob(r: JobRow): TrainingJob {
  const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
  return {
    id: r.id,
    assetId: r.asset_id,
    params: r.params,
    status: r.status,
    progress: r.progress,
    message: r.message,
    createdAt: new Date(r.created_at).toISOString(),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    models: r.result,
  };
}
