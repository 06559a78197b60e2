import type { Queryable } from '@vigie/service-kit';

export type SagaStatus = 'running' | 'compensating' | 'completed' | 'compensated';

/** A `sagas` row: `step` is the number of steps whose effects are committed (and not yet compensated). */
export interface SagaRow<S> {
  readonly id: string;
  readonly kind: string;
  readonly subject: string | null;
  readonly step: number;
  readonly status: SagaStatus;
  readonly state: S;
  readonly compensations: readonly string[];
  readonly error: string | null;
}

const COLUMNS = 'id, kind, subject, step, status, state, compensations, error';

export async function insertSaga<S>(q: Queryable, row: Omit<SagaRow<S>, 'compensations'>): Promise<void> {
  await q.query('INSERT INTO sagas (id, kind, subject, step, status, state, error) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    row.id,
    row.kind,
    row.subject,
    row.step,
    row.status,
    row.state,
    row.error,
  ]);
}

/** The saga, locked until the transaction ends (two replicas resuming it take turns). */
export async function lockSaga<S>(q: Queryable, id: string): Promise<SagaRow<S> | null> {
  const { rows } = await q.query<SagaRow<S>>(`SELECT ${COLUMNS} FROM sagas WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

export async function saveSaga<S>(
  q: Queryable,
  id: string,
  change: { step: number; status: SagaStatus; state?: S; compensation?: string; error?: string },
): Promise<void> {
  await q.query(
    `UPDATE sagas SET step = $2, status = $3, state = COALESCE($4, state),
            compensations = CASE WHEN $5::text IS NULL THEN compensations ELSE array_append(compensations, $5::text) END,
            error = COALESCE($6, error), updated_at = now()
     WHERE id = $1`,
    [id, change.step, change.status, change.state ?? null, change.compensation ?? null, change.error ?? null],
  );
}

/** Sagas of a kind left running or compensating (by a crash), oldest first. */
export async function listUnfinishedSagas(q: Queryable, kind: string): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    "SELECT id FROM sagas WHERE kind = $1 AND status IN ('running', 'compensating') ORDER BY created_at, id",
    [kind],
  );
  return rows.map((r) => r.id);
}

/** Whether a saga about `subject` is still running or compensating. */
export async function hasUnfinishedSaga(q: Queryable, subject: string): Promise<boolean> {
  const { rowCount } = await q.query("SELECT 1 FROM sagas WHERE subject = $1 AND status IN ('running', 'compensating')", [subject]);
  return rowCount > 0;
}
