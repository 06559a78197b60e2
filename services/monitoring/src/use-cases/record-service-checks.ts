import type { ServiceStatus } from '@vigie/contracts';
import { ALERT_KINDS, serviceDownAlert } from '../domain/alert-rules';
import type { MonitoringContext } from './monitoring-context';

/**
 * Stores one round of health checks: `service_status` rows, a `service_down` alert held open while a service is
 * DOWN and cleared when it is UP again (raise/clear are idempotent, so a restart mid-outage neither duplicates nor
 * loses the alert), and a `services` push when any status changed.
 */
export async function recordServiceChecks(ctx: MonitoringContext, checks: readonly ServiceStatus[]): Promise<void> {
  let changed = false;
  for (const check of checks) {
    await ctx.statuses.upsert(check);
    changed = ctx.board.update(check) || changed;
    const at = new Date(check.checkedAt ?? ctx.now());
    if (check.status === 'DOWN') {
      const reason = typeof check.details?.error === 'string' ? check.details.error : 'health check failed';
      const raised = await ctx.alerts.raise(serviceDownAlert(check.service, check.url, reason), at);
      if (raised) ctx.hub.broadcast({ type: 'alert', alert: raised });
    } else if (check.status === 'UP') {
      const cleared = await ctx.alerts.clear(ALERT_KINDS.serviceDown, { service: check.service }, at);
      for (const alert of cleared) ctx.hub.broadcast({ type: 'alert', alert });
    }
  }
  if (changed) ctx.hub.broadcast({ type: 'services', services: ctx.board.list() });
}
