import { isFinalWorkOrderStatus, legalWorkOrderTransitions, type WorkOrderStatus } from '@vigie/contracts';

/**
 * The lifecycle is the shared state machine of @vigie/contracts (http/work-order-lifecycle.ts), so the dashboard offers
 * exactly the steps enforced here: requested → approved → planned → assigned → in_progress → done; any non-final
 * status → cancelled.
 */
export const OPEN_STATUSES: readonly WorkOrderStatus[] = ['requested', 'approved', 'planned', 'assigned', 'in_progress'];

export function isFinal(status: WorkOrderStatus): boolean {
  return isFinalWorkOrderStatus(status);
}

/** Whether `from → to` is a legal step of the lifecycle (staying in the same status is not a transition). */
export function canTransition(from: WorkOrderStatus, to: WorkOrderStatus): boolean {
  return legalWorkOrderTransitions(from).includes(to);
}
