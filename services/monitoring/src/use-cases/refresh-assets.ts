import { ASSET_ALERT_KINDS } from '../domain/alert-rules';
import { listAssetHealth, publishAsset } from './assess-assets';
import type { MonitoringContext } from './monitoring-context';
import { reconcileAssetAlerts } from './reconcile-asset-alerts';

/**
 * The periodic pass (every assetRefreshIntervalMs): re-reads ingestion's asset list, clears asset alerts whose cause
 * aged out of the anomaly window, and pushes assets whose health changed (new description, or a status that
 * moved with time, which no event announces: an anomaly aging out, or an asset whose data stopped going back to
 * 'unknown' once dataFreshnessMs has passed).
 */
export async function refreshAssets(ctx: MonitoringContext): Promise<void> {
  await ctx.catalog.refresh();
  for (const assetId of await ctx.alerts.assetsWithOpenAlerts(ASSET_ALERT_KINDS)) {
    await reconcileAssetAlerts(ctx, assetId);
  }
  for (const asset of await listAssetHealth(ctx)) publishAsset(ctx, asset);
}
