import { WorkOrderStatus, type WorkOrder } from '@vigie/contracts';
import { compareWorkOrders } from '../../state/ordering';

/** How many done / cancelled orders a board column shows: the most recently closed. */
export const RECENT_CLOSED_LIMIT = 10;

export interface BoardColumn {
  readonly status: WorkOrderStatus;
  /** Open columns: most urgent first; done / cancelled: most recently updated first, at most RECENT_CLOSED_LIMIT. */
  readonly orders: readonly WorkOrder[];
  /** Orders of this status not shown (older closed ones). */
  readonly hidden: number;
  /** done and cancelled start collapsed. */
  readonly closed: boolean;
}

/** One column per status, in lifecycle order (requested … in_progress, done, cancelled). */
export function boardColumns(orders: readonly WorkOrder[], recentClosedLimit = RECENT_CLOSED_LIMIT): BoardColumn[] {
  return WorkOrderStatus.options.map((status) => {
    const mine = orders.filter((o) => o.status === status);
    const closed = status === 'done' || status === 'cancelled';
    if (!closed) return { status, orders: [...mine].sort(compareWorkOrders), hidden: 0, closed };
    const recent = [...mine].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || a.id.localeCompare(b.id));
    return { status, orders: recent.slice(0, recentClosedLimit), hidden: Math.max(0, recent.length - recentClosedLimit), closed };
  });
}
