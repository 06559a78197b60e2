import type { WorkOrderStatus } from '@vigie/contracts';

/** requested → approved → planned → assigned → in_progress → done; any non-final status → cancelled. */
const NEXT: Record<WorkOrderStatus, WorkOrderStatus | null> = {
  requested: 'approved',
  approved: 'planned',
  planned: 'assigned',
  assigned: 'in_progress',
  in_progress: 'done',
  done: null,
  cancelled: null,
};

export const OPEN_STATUSES: readonly WorkOrderStatus[] = ['requested', 'approved', 'planned', 'assigned', 'in_progress'];

export function isFinal(status: WorkOrderStatus): boolean {
  return status === 'done' || status === 'cancelled';
}

/** Whether `from → to` is a legal step of the lifecycle (staying in the same status is not a transition). */
export function canTransition(from: WorkOrderStatus, to: WorkOrderStatus): boolean {
  if (to === 'cancelled') return !isFinal(from);
  return NEXT[from] === to;
}
