import type { AlertIntent, AlertKind } from '../domain/alert-rules';
import type { MonitoringContext } from './monitoring-context';

/**
 * Feeds one check of a service-level alert to the de-flapper and applies what it decides: raise (the store keeps one
 * open alert per kind and service) or clear; each change is pushed on the WebSocket. On a database error the key's
 * history is forgotten so that the next checks decide again, and the error goes up to the poll round.
 */
export async function checkServiceAlert(
  ctx: MonitoringContext,
  kind: AlertKind,
  service: string,
  bad: boolean,
  intent: () => AlertIntent,
  at: Date,
): Promise<void> {
  const key = `${kind}\u0000${service}`;
  const action = ctx.debouncer.observe(key, bad);
  if (action === null) return;
  try {
    if (action === 'raise') {
      const raised = await ctx.alerts.raise(intent(), at);
      if (raised) ctx.hub.broadcast({ type: 'alert', alert: raised });
    } else {
      for (const alert of await ctx.alerts.clear(kind, { service }, at)) ctx.hub.broadcast({ type: 'alert', alert });
    }
  } catch (err) {
    ctx.debouncer.reset(key);
    throw err;
  }
}
