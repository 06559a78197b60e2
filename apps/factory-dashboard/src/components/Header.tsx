import type { ServiceStatus } from '@vigie/contracts';
import { formatTime } from '../format';
import type { ConnectionState } from '../hooks/use-monitoring-socket';
import { ConnectionBadge } from './ConnectionBadge';

export interface HeaderProps {
  readonly connection: ConnectionState;
  readonly lastMessageAt: number | null;
  readonly services: readonly ServiceStatus[];
  readonly synced: boolean;
}

export function Header({ connection, lastMessageAt, services, synced }: HeaderProps) {
  const up = services.filter((s) => s.status === 'UP').length;
  const anyDown = services.some((s) => s.status === 'DOWN');
  return (
    <header className="topbar">
      <h1 className="topbar__title">
        Vigie <span className="topbar__dash">—</span> Factory
      </h1>
      <ConnectionBadge connection={connection} />
      {lastMessageAt !== null && (
        <span className="topbar__meta" title="Time of the last message from the monitoring service">
          Updated {formatTime(lastMessageAt)}
        </span>
      )}
      <span className="topbar__spacer" />
      {synced && (
        <span className={`topbar__services ${anyDown ? 'is-down' : 'is-up'}`} data-testid="services-up">
          {up}/{services.length} services UP
        </span>
      )}
    </header>
  );
}
