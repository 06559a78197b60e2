import { randomUUID } from 'node:crypto';
import type { Database } from '../db';
import type { Job, JobStatus } from './job';
import { decodeCursor, encodeCursor } from './page-cursor';

/** Where a service keeps its jobs: its own table (and migration), with the subject under the service's column name. */
export interface JobTable {
  /** e.g. `anomaly_training_jobs`. */
  readonly table: string;
  /** e.g. `asset_id`. */
  readonly subjectColumn: string;
}

/**
 * The SQL of a job table and its listing index, for a service's migration: every service's jobs share these columns
 * (the subject column names what a job is about, e.g. `asset_id`). The text is part of the migration's checksum.
 */
export function jobTableSql({ table, subjectColumn }: JobTable): string {
  return `
      CREATE TABLE IF NOT EXISTS ${table} (
        id          text PRIMARY KEY,
        ${subjectColumn.padEnd(11)} text,
        params      jsonb NOT NULL,
        status      text NOT NULL DEFAULT 'queued',
        progress    double precision NOT NULL DEFAULT 0,
        message     text,
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        started_at  timestamptz,
        finished_at timestamptz,
        result      jsonb NOT NULL DEFAULT '[]'
      );
      CREATE INDEX IF NOT EXISTS ${table}_recent ON ${table} (created_at DESC, id DESC);`;
}

/**
 * The columns a job table must have (each service writes it in its own migration, `<subject>` named as it likes):
 * `id text PRIMARY KEY, <subject> text, params jsonb NOT NULL, status text NOT NULL DEFAULT 'queued',
 * progress double precision NOT NULL DEFAULT 0, message text, created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
 * started_at timestamptz, finished_at timestamptz, result jsonb NOT NULL DEFAULT <empty result>`.
 */
export const JOB_TABLE_COLUMNS = [
  'id',
  'params',
  'status',
  'progress',
  'message',
  'created_at',
  'started_at',
  'finished_at',
  'result',
] as const;

interface JobRow<P, R> {
  id: string;
  subject: string | null;
  params: P;
  status: JobStatus;
  progress: number;
  message: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  result: R;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

let lastEnqueueMs = 0;

/**
 * The wall clock in milliseconds, moved 1 ms past the previous value when it has not advanced: the order of
 * `created_at` is the order of `create` calls in this process (listing cursors work at millisecond precision too).
 */
export function enqueueTime(now = Date.now()): number {
  lastEnqueueMs = Math.max(now, lastEnqueueMs + 1);
  return lastEnqueueMs;
}

/**
 * A job table. Every transition names the state it leaves (`WHERE status = …`), so a writer that lost the job
 * (cancelled, or marked failed by a newer process) changes nothing: the first transition out of a state wins.
 */
export class JobRepository<P, R> {
  private readonly table: string;
  private readonly subjectColumn: string;
  private readonly select: string;

  constructor(
    private readonly db: Database,
    where: JobTable,
  ) {
    for (const name of [where.table, where.subjectColumn])
      if (!IDENTIFIER.test(name)) throw new Error(`job table: ${JSON.stringify(name)} is not a lower-case SQL identifier`);
    this.table = where.table;
    this.subjectColumn = where.subjectColumn;
    this.select = `${JOB_TABLE_COLUMNS.join(', ')}, ${where.subjectColumn} AS subject`;
  }

  /**
   * Stamped with `enqueueTime()`: strictly increasing in this process, so jobs are claimed and listed in the order they
   * were enqueued even when two come within one tick of the database clock (PGlite's ticks in milliseconds, and the
   * random ids would otherwise decide between them).
   */
  async create(subject: string | null, params: P): Promise<Job<P, R>> {
    const { rows } = await this.db.query<JobRow<P, R>>(
      `INSERT INTO ${this.table} (id, ${this.subjectColumn}, params, created_at) VALUES ($1, $2, $3, $4) RETURNING ${this.select}`,
      [randomUUID(), subject, params, new Date(enqueueTime())],
    );
    return toJob(rows[0]!);
  }

  async get(id: string): Promise<Job<P, R> | undefined> {
    const { rows } = await this.db.query<JobRow<P, R>>(`SELECT ${this.select} FROM ${this.table} WHERE id = $1`, [id]);
    return rows[0] && toJob(rows[0]);
  }

  /** Newest first by (created_at, id); `nextCursor` continues towards older jobs. */
  async list(limit: number, cursor?: string): Promise<{ jobs: Job<P, R>[]; nextCursor?: string }> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const { rows } = await this.db.query<JobRow<P, R>>(
      `SELECT ${this.select} FROM ${this.table}
        WHERE ($1::timestamptz IS NULL OR (date_trunc('milliseconds', created_at), id) < ($1::timestamptz, $2::text))
        ORDER BY date_trunc('milliseconds', created_at) DESC, id DESC LIMIT $3`,
      [after ? new Date(after.t) : null, after?.id ?? null, limit + 1],
    );
    const jobs = rows.slice(0, limit).map(toJob);
    const last = jobs.at(-1);
    return rows.length > limit && last ? { jobs, nextCursor: encodeCursor({ t: Date.parse(last.createdAt), id: last.id }) } : { jobs };
  }

  /** The oldest queued job, now `running`; undefined when none is queued. */
  async claimNext(): Promise<Job<P, R> | undefined> {
    const { rows } = await this.db.query<JobRow<P, R>>(
      `UPDATE ${this.table} SET status = 'running', started_at = clock_timestamp()
        WHERE id = (SELECT id FROM ${this.table} WHERE status = 'queued' ORDER BY created_at, id LIMIT 1) AND status = 'queued'
        RETURNING ${this.select}`,
    );
    return rows[0] && toJob(rows[0]);
  }

  /** False when the job is no longer running (cancelled, or failed by a restart). */
  async progress(id: string, progress: number, result: R): Promise<boolean> {
    const { rowCount } = await this.db.query(`UPDATE ${this.table} SET progress = $2, result = $3 WHERE id = $1 AND status = 'running'`, [
      id,
      progress,
      JSON.stringify(result),
    ]);
    return rowCount > 0;
  }

  /** Moves the job from one of `from` to `status`; false when it was in none of them (someone else moved it first). */
  async finish(id: string, from: readonly JobStatus[], status: JobStatus, message: string | null, result?: R): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE ${this.table} SET status = $3, message = $4, finished_at = clock_timestamp(),
              progress = CASE WHEN $3 = 'succeeded' THEN 1 ELSE progress END, result = COALESCE($5::jsonb, result)
        WHERE id = $1 AND status = ANY($2::text[])`,
      [id, [...from], status, message, result === undefined ? null : JSON.stringify(result)],
    );
    return rowCount > 0;
  }

  /** At start: jobs a previous process left queued or running will never be finished by it. */
  async failInterrupted(message: string): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE ${this.table} SET status = 'failed', message = $1, finished_at = clock_timestamp() WHERE status IN ('queued', 'running')`,
      [message],
    );
    return rowCount;
  }
}

function toJob<P, R>(r: JobRow<P, R>): Job<P, R> {
  const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
  return {
    id: r.id,
    subject: r.subject,
    params: r.params,
    status: r.status,
    progress: r.progress,
    message: r.message,
    createdAt: new Date(r.created_at).toISOString(),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    result: r.result,
  };
}
