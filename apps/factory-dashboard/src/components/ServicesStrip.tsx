import type { ServiceStatus } from '@vigie/contracts';
import { formatTime } from '../format';
import { EmptyState } from './EmptyState';

/** One pill per platform service, so a DOWN service is visible before its missing data is noticed. */
export function ServicesStrip({ services, synced }: { readonly services: readonly ServiceStatus[]; readonly synced: boolean }) {
  if (services.length === 0) {
    return (
      <div className="services">
        <EmptyState>{synced ? 'No service reported by the monitoring service.' : 'Waiting for service status…'}</EmptyState>
      </div>
    );
  }
  return (
    <ul className="services" aria-label="Platform services">
      {services.map((s) => (
        <li
          key={s.service}
          className={`service service--${s.status.toLowerCase()}`}
          data-testid="service-status"
          data-service={s.service}
          data-status={s.status}
          title={`${s.url}${s.checkedAt ? ` · checked ${formatTime(s.checkedAt)}` : ''}`}
        >
          <span className="service__dot" aria-hidden="true" />
          <span className="service__name">{s.service}</span>
          <span className="service__state">{s.status}</span>
          {s.status === 'UP' && s.latencyMs !== null && <span className="service__latency">{Math.round(s.latencyMs)} ms</span>}
        </li>
      ))}
    </ul>
  );
}
