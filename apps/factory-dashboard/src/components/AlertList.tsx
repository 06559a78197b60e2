import type { Alert } from '@vigie/contracts';
import { formatTime } from '../format';
import { Badge } from './Badge';
import { EmptyState } from './EmptyState';
import { severityTone } from './tones';

export interface AlertListProps {
  readonly alerts: readonly Alert[];
  readonly assetNames: ReadonlyMap<string, string>;
  readonly synced: boolean;
}

export function AlertList({ alerts, assetNames, synced }: AlertListProps) {
  if (alerts.length === 0) {
    return <EmptyState>{synced ? 'No active alert.' : 'Waiting for the plant snapshot…'}</EmptyState>;
  }
  return (
    <ul className="feed">
      {alerts.map((a) => (
        <li key={a.id} className={`feed__item feed__item--${a.severity}`} data-testid="alert-item" data-severity={a.severity}>
          <Badge tone={severityTone[a.severity]}>{a.severity}</Badge>
          <div className="feed__main">
            <div className="feed__title">{a.message}</div>
            <div className="muted small">
              {[a.assetId === null ? null : (assetNames.get(a.assetId) ?? a.assetId), a.service, a.kind]
                .filter((part) => part !== null)
                .join(' · ')}
            </div>
          </div>
          <time className="feed__time num" dateTime={a.raisedAt}>
            {formatTime(a.raisedAt)}
          </time>
        </li>
      ))}
    </ul>
  );
}
