import type { AnomalyDetectedPayload, RulPredictionPayload, WorkOrder } from '@vigie/contracts';
import { assessAsset, publishAsset } from './assess-assets';
import type { MonitoringContext } from './monitoring-context';
import { reconcileAssetAlerts } from './reconcile-asset-alerts';

/** Stores the anomaly as the asset's latest (if newer), pushes it, and updates the asset's alerts and health. */
export async function recordAnomaly(ctx: MonitoringContext, anomaly: AnomalyDetectedPayload): Promise<void> {
  await ctx.readModel.saveAnomaly(anomaly);
  ctx.hub.broadcast({ type: 'anomaly', anomaly });
  await reconcileAssetAlerts(ctx, anomaly.assetId);
  publishAsset(ctx, await assessAsset(ctx, anomaly.assetId));
}

/** Stores the prediction as the asset's latest (if newer), pushes it, and updates the asset's alerts and health. */
export async function recordRulPrediction(ctx: MonitoringContext, prediction: RulPredictionPayload): Promise<void> {
  await ctx.readModel.saveRul(prediction);
  ctx.hub.broadcast({ type: 'rul', prediction });
  await reconcileAssetAlerts(ctx, prediction.assetId);
  publishAsset(ctx, await assessAsset(ctx, prediction.assetId));
}

/** Stores the order (if newer than the stored one), pushes it, and the asset when its open count or status moved. */
export async function recordWorkOrder(ctx: MonitoringContext, workOrder: WorkOrder): Promise<void> {
  if (!(await ctx.readModel.saveWorkOrder(workOrder))) return;
  ctx.hub.broadcast({ type: 'work-order', workOrder });
  publishAsset(ctx, await assessAsset(ctx, workOrder.assetId));
}
