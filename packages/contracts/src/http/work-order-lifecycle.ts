import type { WorkOrderStatus } from '../events/work-orders';

/**
 * The work-order state machine, shared by the orchestrator (which enforces it: 409 WORK_ORDER_TRANSITION_INVALID)
 * and clients (which offer only legal steps): requested → approved → planned → assigned → in_progress → done, and any
 * non-final status → cancelled. done and cancelled are final.
 */
export const WORK_ORDER_NEXT_STATUS: Readonly<Record<WorkOrderStatus, WorkOrderStatus | null>> = Object.freeze({
  requested: 'approved',
  approved: 'planned',
  planned: 'assigned',
  assigned: 'in_progress',
  in_progress: 'done',
  done: null,
  cancelled: null,
});

/** Whether an order in `status` can no longer change status. */
export function isFinalWorkOrderStatus(status: WorkOrderStatus): boolean {
  return status === 'done' || status === 'cancelled';
}

/** The statuses an order in `from` may move to, forward step first, then cancelled; empty when final. */
export function legalWorkOrderTransitions(from: WorkOrderStatus): WorkOrderStatus[] {
  if (isFinalWorkOrderStatus(from)) return [];
  const next = WORK_ORDER_NEXT_STATUS[from];
  return next === null ? ['cancelled'] : [next, 'cancelled'];
}
