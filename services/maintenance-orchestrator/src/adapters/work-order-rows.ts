import type { ClosureCode, Priority, WorkOrder, WorkOrderCause, WorkOrderStatus } from '@vigie/contracts';

/** A `work_orders` row as both database adapters decode it (timestamptz → Date, jsonb → value). */
export interface WorkOrderRow {
  id: string;
  asset_id: string;
  cause: WorkOrderCause;
  title: string;
  description: string;
  priority: Priority;
  status: WorkOrderStatus;
  due_date: Date | null;
  assigned_to: string | null;
  evidence: Record<string, unknown>;
  failure_mode: string | null;
  required_skills: string[] | null;
  estimated_duration_hours: number | null;
  closure_code: ClosureCode | null;
  closure_note: string | null;
  cancel_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export const WORK_ORDER_COLUMNS =
  'id, asset_id, cause, title, description, priority, status, due_date, assigned_to, evidence, ' +
  'failure_mode, required_skills, estimated_duration_hours, closure_code, closure_note, cancel_reason, created_at, updated_at';

export function toWorkOrder(row: WorkOrderRow): WorkOrder {
  return {
    id: row.id,
    assetId: row.asset_id,
    cause: row.cause,
    title: row.title,
    description: row.description,
    priority: row.priority,
    status: row.status,
    dueDate: row.due_date === null ? null : row.due_date.toISOString(),
    assignedTo: row.assigned_to,
    evidence: row.evidence,
    failureMode: row.failure_mode,
    requiredSkills: row.required_skills ?? [],
    estimatedDurationHours: row.estimated_duration_hours === null ? null : Number(row.estimated_duration_hours),
    closureCode: row.closure_code,
    closureNote: row.closure_note,
    cancelReason: row.cancel_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuids; anything else cannot name an order (and would make PostgreSQL raise 22P02). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
