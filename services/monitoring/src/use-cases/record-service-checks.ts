import type { ServiceStatus } from '@vigie/contracts';
import { ALERT_KINDS, serviceDownAlert } from '../domain/alert-rules';
import { checkServiceAlert } from './debounced-alert';
import type { MonitoringContext } from './monitoring-context';

/**
 * Stores one round of health checks: `service_status` rows, a `service_down` alert raised after
 * `alertRaiseAfter` consecutive DOWN checks and cleared after `alertClearAfter` UP ones (raise/clear are idempotent,
 * so a restart mid-outage neither duplicates nor loses the alert), and a `services` push when any status changed.
 */
export async function recordServiceChecks(ctx: MonitoringContext, checks: readonly ServiceStatus[]): Promise<void> {
  let changed = false;
  for (const check of checks) {
    await ctx.statuses.upsert(check);
    changed = ctx.board.update(check) || changed;
    if (check.status === 'UNKNOWN') continue;
    const at = new Date(check.checkedAt ?? ctx.now());
    const reason = typeof check.details?.error === 'string' ? check.details.error : 'health check failed';
    await checkServiceAlert(
      ctx,
      ALERT_KINDS.serviceDown,
      check.service,
      check.status === 'DOWN',
      () => serviceDownAlert(check.service, check.url, reason),
      at,
    );
  }
  if (changed) ctx.hub.broadcast({ type: 'services', services: ctx.board.list() });
}
