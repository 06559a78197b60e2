import type { ExtractedFeaturesPayload } from '@vigie/contracts';
import { isDataFresh, latestDataPerAsset } from '../domain/data-freshness';
import { assessAsset, publishAsset } from './assess-assets';
import type { MonitoringContext } from './monitoring-context';

/**
 * Notes that assets reported feature windows (one read-model row per asset per batch) and pushes the assets whose
 * status this may change: those that were not reporting until now. For an asset already reporting, one more window
 * changes neither its status nor its health, so the steady stream costs one statement per batch and no WS traffic.
 * Going silent is noticed by the periodic refresh, as no event announces it.
 */
export async function recordFeatureWindows(ctx: MonitoringContext, windows: readonly ExtractedFeaturesPayload[]): Promise<void> {
  const receivedAt = ctx.now();
  const seenBefore = await ctx.readModel.saveDataSeen(latestDataPerAsset(windows, receivedAt));
  for (const [assetId, previous] of seenBefore) {
    if (isDataFresh(previous, receivedAt, ctx.config.dataFreshnessMs)) continue;
    // publishAsset still sends nothing when other facts had already made the asset 'ok'.
    publishAsset(ctx, await assessAsset(ctx, assetId));
  }
}
