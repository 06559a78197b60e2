import type { Queryable, Transaction } from '@vigie/service-kit';
import type { CloudEvent, Topic } from '@vigie/contracts';

export interface OutboxRow {
  readonly id: number;
  readonly topic: Topic;
  readonly key: string;
  readonly payload: CloudEvent<unknown>;
}

/**
 * Records an event to publish, in the caller's transaction. The whole CloudEvent (with its id) is stored, so a
 * republish after a crash carries the same id and consumers can drop the duplicate.
 */
export async function enqueueEvent(q: Queryable, topic: Topic, event: CloudEvent<unknown>): Promise<void> {
  await q.query('INSERT INTO outbox (topic, key, payload) VALUES ($1, $2, $3)', [topic, event.subject, event]);
}

/**
 * One relay at a time across instances: a transaction-scoped advisory lock, released by COMMIT or ROLLBACK, so a
 * crashed relay never keeps it. Rows are read in id order, so an asset's events leave in the order they were made.
 */
export async function tryLockOutbox(tx: Transaction): Promise<boolean> {
  const { rows } = await tx.query<{ locked: boolean }>(
    "SELECT pg_try_advisory_xact_lock(hashtext('maintenance-orchestrator.outbox')) AS locked",
  );
  return rows[0]?.locked === true;
}

export async function readUnpublished(tx: Transaction, limit: number): Promise<OutboxRow[]> {
  const { rows } = await tx.query<OutboxRow>(
    'SELECT id, topic, key, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1',
    [limit],
  );
  return rows;
}

export async function markPublished(tx: Transaction, ids: readonly number[]): Promise<void> {
  await tx.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [[...ids]]);
}

export async function countUnpublished(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
  return rows[0]?.n ?? 0;
}
