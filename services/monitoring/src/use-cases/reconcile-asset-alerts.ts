import { ALERT_KINDS, ASSET_ALERT_KINDS, desiredAssetAlerts } from '../domain/alert-rules';
import type { MonitoringContext } from './monitoring-context';

/**
 * Makes the open `anomaly_critical` / `rul_low` alerts of an asset match its read model (rul_low with the config's
 * thresholds and hysteresis): raises what should be open
 * (at most one per kind: the database refuses a second), clears what no longer holds. Idempotent, so a redelivered
 * event or a periodic re-run changes nothing.
 */
export async function reconcileAssetAlerts(ctx: MonitoringContext, assetId: string): Promise<void> {
  const state = await ctx.readModel.getAsset(assetId);
  const now = ctx.now();
  const rulPolicy = {
    alertHours: ctx.config.rulAlertHours,
    clearHours: ctx.config.rulClearHours,
    open: state?.lastRul ? await ctx.alerts.isOpenForAsset(ALERT_KINDS.rulLow, assetId) : false,
  };
  const desired = state ? desiredAssetAlerts(state, now, ctx.config.anomalyWindowMs, rulPolicy) : [];
  const at = new Date(now);
  for (const kind of ASSET_ALERT_KINDS) {
    const intent = desired.find((d) => d.kind === kind);
    if (intent) {
      const raised = await ctx.alerts.raise(intent, at);
      if (raised) ctx.hub.broadcast({ type: 'alert', alert: raised });
    } else {
      for (const cleared of await ctx.alerts.clear(kind, { assetId }, at)) ctx.hub.broadcast({ type: 'alert', alert: cleared });
    }
  }
}
