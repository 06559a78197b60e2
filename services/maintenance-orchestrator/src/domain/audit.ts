import type { WorkOrder } from '@vigie/contracts';

/** One audit row before it is stored: what changed, from → to (null: absent). */
export interface AuditChange {
  readonly what: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** The actor of changes made by the orchestration rules (no person involved). */
export const RULES_ACTOR = 'system:rules';
/** The actor of steps and compensations of a saga. */
export const SAGA_ACTOR = 'system:saga';
/** The actor of an HTTP change that names nobody, until authentication (issue 9) exists. */
export const ANONYMOUS_ACTOR = 'anonymous';

/** Fields a change may touch, audited under their contract name. Evidence is audited per entry (see evidenceAudit). */
const AUDITED = [
  'status',
  'priority',
  'title',
  'description',
  'assignedTo',
  'dueDate',
  'failureMode',
  'requiredSkills',
  'estimatedDurationHours',
  'closureCode',
  'closureNote',
  'cancelReason',
] as const satisfies readonly (keyof WorkOrder)[];

/** One change per field whose value differs between `before` and `after`, in a fixed order. */
export function diffOrders(before: WorkOrder, after: WorkOrder): AuditChange[] {
  const out: AuditChange[] = [];
  for (const field of AUDITED) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) out.push({ what: field, from, to });
  }
  return out;
}
