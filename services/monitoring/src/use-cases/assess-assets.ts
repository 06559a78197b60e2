import type { AssetHealth, WorkOrder } from '@vigie/contracts';
import type { AssetState } from '../adapters/read-model-repository';
import { assessAssetHealth, type HealthPolicy } from '../domain/asset-health';
import type { MonitoringContext } from './monitoring-context';

function policy(ctx: MonitoringContext): HealthPolicy {
  return { now: ctx.now(), anomalyWindowMs: ctx.config.anomalyWindowMs, dataFreshnessMs: ctx.config.dataFreshnessMs };
}

function assess(ctx: MonitoringContext, assetId: string, state: AssetState | undefined, open: readonly WorkOrder[]): AssetHealth {
  return assessAssetHealth(
    {
      assetId,
      meta: ctx.catalog.get(assetId),
      lastAnomaly: state?.lastAnomaly ?? null,
      lastRul: state?.lastRul ?? null,
      openWorkOrders: open,
      lastSeenAt: state?.lastSeenAt ?? null,
    },
    policy(ctx),
  );
}

/** One asset's health from the read model and the catalog. */
export async function assessAsset(ctx: MonitoringContext, assetId: string): Promise<AssetHealth> {
  const state = await ctx.readModel.getAsset(assetId);
  const open = await ctx.readModel.openWorkOrders(assetId);
  return assess(ctx, assetId, state ?? undefined, open);
}

/** Every asset known from ingestion's list or from events (an undescribed one is named by its id), by id. */
export async function listAssetHealth(ctx: MonitoringContext): Promise<AssetHealth[]> {
  const states = new Map((await ctx.readModel.listAssets()).map((s) => [s.assetId, s]));
  const openByAsset = new Map<string, WorkOrder[]>();
  for (const wo of await ctx.readModel.openWorkOrders()) {
    openByAsset.set(wo.assetId, [...(openByAsset.get(wo.assetId) ?? []), wo]);
  }
  const ids = new Set([...ctx.catalog.list().map((a) => a.id), ...states.keys(), ...openByAsset.keys()]);
  return [...ids].sort().map((id) => assess(ctx, id, states.get(id), openByAsset.get(id) ?? []));
}

/** Pushes an asset to the dashboards when it differs from what they were last sent. */
export function publishAsset(ctx: MonitoringContext, asset: AssetHealth): void {
  const text = JSON.stringify(asset);
  if (ctx.sentAssets.get(asset.id) === text) return;
  ctx.sentAssets.set(asset.id, text);
  ctx.hub.broadcast({ type: 'asset', asset });
}
