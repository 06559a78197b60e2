import type { Alert, AssetHealth, WorkOrder } from '@vigie/contracts';

/** Statuses after which a work order no longer needs anyone on the floor. */
const CLOSED_STATUSES: ReadonlySet<WorkOrder['status']> = new Set(['done', 'cancelled']);

export function isOpenWorkOrder(wo: WorkOrder): boolean {
  return !CLOSED_STATUSES.has(wo.status);
}

/**
 * Assets follow the plant's physical layout (site, area, line), not their health: cards that jump around whenever a
 * status changes make an operator lose the machine they were watching.
 */
export function compareAssets(a: AssetHealth, b: AssetHealth): number {
  return a.site.localeCompare(b.site) || a.area.localeCompare(b.area) || a.line.localeCompare(b.line) || a.id.localeCompare(b.id);
}

/** Most urgent first: priority (P1 before P4), then the earliest due date (undated last), then the oldest. */
export function compareWorkOrders(a: WorkOrder, b: WorkOrder): number {
  return (
    a.priority.localeCompare(b.priority) ||
    compareOptionalIso(a.dueDate, b.dueDate) ||
    Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
    a.id.localeCompare(b.id)
  );
}

const SEVERITY_RANK: Readonly<Record<Alert['severity'], number>> = { critical: 0, warning: 1, info: 2 };

/** Critical alerts first, then the most recently raised. */
export function compareAlerts(a: Alert, b: Alert): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || Date.parse(b.raisedAt) - Date.parse(a.raisedAt) || a.id.localeCompare(b.id)
  );
}

function compareOptionalIso(a: string | null, b: string | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return Date.parse(a) - Date.parse(b);
}
