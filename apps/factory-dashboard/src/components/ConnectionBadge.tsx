import type { ConnectionState } from '../hooks/use-monitoring-socket';

const LABELS: Readonly<Record<ConnectionState, string>> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/** The link to the monitoring service; when it is not live, every figure on the page may be stale. */
export function ConnectionBadge({ connection }: { readonly connection: ConnectionState }) {
  return (
    <span className={`conn conn--${connection}`} data-testid="connection-state" data-state={connection} role="status">
      <span className="conn__dot" aria-hidden="true" />
      {LABELS[connection]}
    </span>
  );
}
