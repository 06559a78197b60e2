import type { Queryable } from '@vigie/service-kit';
import type { ClosureCode, Priority, WorkOrder, WorkOrderCause, WorkOrderStatus } from '@vigie/contracts';
import { isUuid, toWorkOrder, WORK_ORDER_COLUMNS, type WorkOrderRow } from './work-order-rows';

export interface NewWorkOrder {
  readonly assetId: string;
  readonly cause: WorkOrderCause;
  readonly title: string;
  readonly description: string;
  readonly priority: Priority;
  readonly dueDate: Date | null;
  readonly evidence: Record<string, unknown>;
  readonly failureMode?: string | null;
  readonly requiredSkills?: readonly string[];
  readonly estimatedDurationHours?: number | null;
}

export interface WorkOrderPatch {
  readonly status?: WorkOrderStatus;
  readonly priority?: Priority;
  readonly title?: string;
  readonly description?: string;
  readonly assignedTo?: string | null;
  readonly dueDate?: Date | null;
  readonly evidence?: Record<string, unknown>;
  readonly failureMode?: string | null;
  readonly requiredSkills?: readonly string[];
  readonly estimatedDurationHours?: number | null;
  readonly closureCode?: ClosureCode | null;
  readonly closureNote?: string | null;
  readonly cancelReason?: string | null;
}

export interface WorkOrderFilter {
  readonly assetId?: string;
  readonly statuses?: readonly WorkOrderStatus[];
  readonly limit: number;
}

/** The predicate of work_orders_one_open_predictive_per_asset (migration 007), repeated so ON CONFLICT infers it. */
const OPEN_PREDICTIVE = "status NOT IN ('done', 'cancelled') AND cause <> 'manual'";

/**
 * Inserts an order in status 'requested'. For a predictive cause, returns null instead of failing when the
 * asset already has an open predictive order of either cause (a concurrent event won the race): the caller merges
 * into it.
 */
export async function insertWorkOrder(q: Queryable, o: NewWorkOrder): Promise<WorkOrder | null> {
  const { rows } = await q.query<WorkOrderRow>(
    `INSERT INTO work_orders (id, asset_id, cause, title, description, priority, status, due_date, evidence,
                              failure_mode, required_skills, estimated_duration_hours)
     VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7, $8, $9, $10, $11)
     ON CONFLICT (asset_id) WHERE ${OPEN_PREDICTIVE} DO NOTHING
     RETURNING ${WORK_ORDER_COLUMNS}`,
    [
      crypto.randomUUID(),
      o.assetId,
      o.cause,
      o.title,
      o.description,
      o.priority,
      o.dueDate,
      o.evidence,
      o.failureMode ?? null,
      [...(o.requiredSkills ?? [])],
      o.estimatedDurationHours ?? null,
    ],
  );
  return rows[0] ? toWorkOrder(rows[0]) : null;
}

/** The open predictive order of an asset (cause anomaly or rul; at most one), locked until the transaction ends. */
export async function findOpenPredictive(q: Queryable, assetId: string): Promise<WorkOrder | null> {
  const { rows } = await q.query<WorkOrderRow>(
    `SELECT ${WORK_ORDER_COLUMNS} FROM work_orders WHERE asset_id = $1 AND ${OPEN_PREDICTIVE} FOR UPDATE`,
    [assetId],
  );
  return rows[0] ? toWorkOrder(rows[0]) : null;
}

export async function findWorkOrder(q: Queryable, id: string, lock = false): Promise<WorkOrder | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<WorkOrderRow>(
    `SELECT ${WORK_ORDER_COLUMNS} FROM work_orders WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toWorkOrder(rows[0]) : null;
}

const PATCH_COLUMNS: Record<keyof WorkOrderPatch, string> = {
  status: 'status',
  priority: 'priority',
  title: 'title',
  description: 'description',
  assignedTo: 'assigned_to',
  dueDate: 'due_date',
  evidence: 'evidence',
  failureMode: 'failure_mode',
  requiredSkills: 'required_skills',
  estimatedDurationHours: 'estimated_duration_hours',
  closureCode: 'closure_code',
  closureNote: 'closure_note',
  cancelReason: 'cancel_reason',
};

/** Applies the given fields (absent ones are kept) and bumps updated_at. */
export async function updateWorkOrder(q: Queryable, id: string, patch: WorkOrderPatch): Promise<WorkOrder> {
  const entries = (Object.keys(PATCH_COLUMNS) as (keyof WorkOrderPatch)[]).filter((k) => patch[k] !== undefined);
  const sets = entries.map((k, i) => `${PATCH_COLUMNS[k]} = $${i + 2}`);
  const { rows } = await q.query<WorkOrderRow>(
    `UPDATE work_orders SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING ${WORK_ORDER_COLUMNS}`,
    [id, ...entries.map((k) => (k === 'requiredSkills' ? [...(patch.requiredSkills ?? [])] : patch[k]))],
  );
  if (!rows[0]) throw new Error(`work order ${id} vanished inside its transaction`);
  return toWorkOrder(rows[0]);
}

/** Newest first. */
export async function listWorkOrders(q: Queryable, f: WorkOrderFilter): Promise<WorkOrder[]> {
  const { rows } = await q.query<WorkOrderRow>(
    `SELECT ${WORK_ORDER_COLUMNS} FROM work_orders
     WHERE ($1::text IS NULL OR asset_id = $1) AND ($2::text[] IS NULL OR status = ANY($2::text[]))
     ORDER BY created_at DESC, id LIMIT $3`,
    [f.assetId ?? null, f.statuses && f.statuses.length > 0 ? [...f.statuses] : null, f.limit],
  );
  return rows.map(toWorkOrder);
}

/** Removes an order that was never published (saga compensation); its comments and audit rows go with it. */
export async function deleteWorkOrder(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM work_orders WHERE id = $1', [id]);
}
