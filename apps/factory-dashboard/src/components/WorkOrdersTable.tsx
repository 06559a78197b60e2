import type { WorkOrder } from '@vigie/contracts';
import { formatDate, formatRelative, formatTime, humanize, shortId } from '../format';
import { Badge } from './Badge';
import { EmptyState } from './EmptyState';
import { priorityTone } from './tones';

export interface WorkOrdersTableProps {
  readonly workOrders: readonly WorkOrder[];
  readonly assetNames: ReadonlyMap<string, string>;
  readonly synced: boolean;
  /** Injected so "overdue" is computed against the same instant across the table. */
  readonly now: number;
}

export function WorkOrdersTable({ workOrders, assetNames, synced, now }: WorkOrdersTableProps) {
  if (workOrders.length === 0) {
    return <EmptyState>{synced ? 'No open work order.' : 'Waiting for the plant snapshot…'}</EmptyState>;
  }
  return (
    <div className="table-wrap">
      <table className="wo-table">
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">Asset</th>
            <th scope="col">Title</th>
            <th scope="col">Priority</th>
            <th scope="col">Status</th>
            <th scope="col">Due</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {workOrders.map((wo) => {
            const overdue = wo.dueDate !== null && Date.parse(wo.dueDate) < now;
            return (
              <tr key={wo.id} data-testid="work-order-row" data-work-order-id={wo.id} data-priority={wo.priority}>
                <td>
                  <code title={wo.id}>{shortId(wo.id)}</code>
                </td>
                <td title={wo.assetId}>{assetNames.get(wo.assetId) ?? wo.assetId}</td>
                <td className="wo-table__title" title={wo.description || wo.title}>
                  {wo.title}
                  <span className="muted small"> · {wo.cause}</span>
                </td>
                <td>
                  <Badge tone={priorityTone[wo.priority]}>{wo.priority}</Badge>
                </td>
                <td className="wo-table__status">{humanize(wo.status)}</td>
                <td className={`num ${overdue ? 'is-overdue' : ''}`} title={wo.dueDate ?? undefined}>
                  {formatDate(wo.dueDate)}
                  {wo.dueDate !== null && (
                    <span className="wo-table__relative small">
                      {overdue ? 'overdue · ' : ''}
                      {formatRelative(wo.dueDate, now)}
                    </span>
                  )}
                </td>
                <td className="num muted">{formatTime(wo.createdAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
