import type { Queryable } from '@vigie/service-kit';
import type { WorkOrderAuditEntry, WorkOrderComment } from '@vigie/contracts';
import type { AuditChange } from '../domain/audit';

/** Appends audit rows in the caller's transaction (the one making the change), in the given order. */
export async function insertAudit(q: Queryable, workOrderId: string, actor: string, changes: readonly AuditChange[]): Promise<void> {
  for (const c of changes) {
    await q.query('INSERT INTO work_order_audit (work_order_id, actor, what, from_value, to_value) VALUES ($1, $2, $3, $4, $5)', [
      workOrderId,
      actor,
      c.what,
      c.from === null || c.from === undefined ? null : JSON.stringify(c.from),
      c.to === null || c.to === undefined ? null : JSON.stringify(c.to),
    ]);
  }
}

/** Oldest first. */
export async function listAudit(q: Queryable, workOrderId: string): Promise<WorkOrderAuditEntry[]> {
  const { rows } = await q.query<{ id: string | number; actor: string; what: string; from_value: unknown; to_value: unknown; at: Date }>(
    'SELECT id, actor, what, from_value, to_value, at FROM work_order_audit WHERE work_order_id = $1 ORDER BY id',
    [workOrderId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    workOrderId,
    actor: r.actor,
    what: r.what,
    from: r.from_value,
    to: r.to_value,
    at: r.at.toISOString(),
  }));
}

export async function insertComment(q: Queryable, workOrderId: string, author: string, text: string): Promise<WorkOrderComment> {
  const { rows } = await q.query<{ id: string; author: string; text: string; created_at: Date }>(
    'INSERT INTO work_order_comments (id, work_order_id, author, text) VALUES ($1, $2, $3, $4) RETURNING id, author, text, created_at',
    [crypto.randomUUID(), workOrderId, author, text],
  );
  const r = rows[0]!;
  return { id: r.id, author: r.author, text: r.text, createdAt: r.created_at.toISOString() };
}

/** Oldest first. */
export async function listComments(q: Queryable, workOrderId: string): Promise<WorkOrderComment[]> {
  const { rows } = await q.query<{ id: string; author: string; text: string; created_at: Date }>(
    'SELECT id, author, text, created_at FROM work_order_comments WHERE work_order_id = $1 ORDER BY created_at, id',
    [workOrderId],
  );
  return rows.map((r) => ({ id: r.id, author: r.author, text: r.text, createdAt: r.created_at.toISOString() }));
}
