import { undescribedAsset, type AnomalyDetectedPayload, type Asset, type AssetHealth, type RulPredictionPayload, type WorkOrder } from '@vigie/contracts';
import { isDataFresh } from './data-freshness';

/** A RUL lower bound under this many hours puts an asset in alarm (and raises `rul_low`). */
export const RUL_ALARM_HOURS = 72;
/** A RUL lower bound under this many hours puts an asset in warning. */
export const RUL_WARNING_HOURS = 168;

/** Everything monitoring knows about one asset; `meta` is null while ingestion has not described it. */
export interface AssetFacts {
  readonly assetId: string;
  readonly meta: Asset | null;
  readonly lastAnomaly: AnomalyDetectedPayload | null;
  readonly lastRul: RulPredictionPayload | null;
  readonly openWorkOrders: readonly WorkOrder[];
  /**
   * Wall-clock epoch ms at which monitoring last received a feature window of the asset, null if never. The plant
   * time of that window is deliberately absent: the demo's plant clock runs ahead of the wall clock.
   */
  readonly lastSeenAt: number | null;
}

export interface HealthPolicy {
  /** Epoch ms of "now" (wall clock: anomalies carry `detectedAt` in epoch ms). */
  readonly now: number;
  /** An anomaly older than this no longer counts (neither for status nor for health). */
  readonly anomalyWindowMs: number;
  /** Data received within this long keeps an otherwise unremarkable asset 'ok' rather than 'unknown'. */
  readonly dataFreshnessMs: number;
}

const OPEN: ReadonlySet<WorkOrder['status']> = new Set(['requested', 'approved', 'planned', 'assigned', 'in_progress']);

export function isOpenWorkOrder(wo: Pick<WorkOrder, 'status'>): boolean {
  return OPEN.has(wo.status);
}

/** Predictive = opened by Vigie from an anomaly or a RUL prediction, as opposed to a manual order. */
export function isOpenPredictiveWorkOrder(wo: Pick<WorkOrder, 'status' | 'cause'>): boolean {
  return isOpenWorkOrder(wo) && wo.cause !== 'manual';
}

export function isRecentAnomaly(anomaly: AnomalyDetectedPayload | null, policy: HealthPolicy): anomaly is AnomalyDetectedPayload {
  return anomaly !== null && anomaly.detectedAt >= policy.now - policy.anomalyWindowMs;
}

/**
 * Health in [0, 1]: the RUL model's health index, else 1 − the score of a recent anomaly, else unknown (null).
 * Receiving data says nothing about wear, so fresh data alone leaves it null.
 */
export function healthIndex(facts: AssetFacts, policy: HealthPolicy): number | null {
  if (facts.lastRul) return facts.lastRul.healthIndex;
  if (isRecentAnomaly(facts.lastAnomaly, policy)) return 1 - facts.lastAnomaly.score;
  return null;
}

/**
 * Alarm and warning come from anomalies, RUL and predictive orders only. Otherwise the asset is 'ok' when it is
 * known through those, or reported data recently; 'unknown' when it never did or went silent (the contract has no
 * 'stale' status, and "no news" must not read as "all is well").
 */
export function assetStatus(facts: AssetFacts, policy: HealthPolicy): AssetHealth['status'] {
  const anomaly = isRecentAnomaly(facts.lastAnomaly, policy) ? facts.lastAnomaly : null;
  const rulLower = facts.lastRul?.lower ?? Number.POSITIVE_INFINITY;
  if (anomaly && (anomaly.criticality === 'critical' || anomaly.criticality === 'high')) return 'alarm';
  if (rulLower < RUL_ALARM_HOURS) return 'alarm';
  if (anomaly || rulLower < RUL_WARNING_HOURS || facts.openWorkOrders.some(isOpenPredictiveWorkOrder)) return 'warning';
  if (facts.lastAnomaly || facts.lastRul || facts.openWorkOrders.length > 0) return 'ok';
  if (isDataFresh(facts.lastSeenAt, policy.now, policy.dataFreshnessMs)) return 'ok';
  return 'unknown';
}

/** The dashboard's view of one asset. An asset not (yet) described by ingestion is named by its id. */
export function assessAssetHealth(facts: AssetFacts, policy: HealthPolicy): AssetHealth {
  const meta: Asset = facts.meta ?? undescribedAsset(facts.assetId);
  return {
    ...meta,
    health: healthIndex(facts, policy),
    status: assetStatus(facts, policy),
    lastAnomaly: facts.lastAnomaly,
    lastRul: facts.lastRul,
    openWorkOrders: facts.openWorkOrders.filter(isOpenWorkOrder).length,
  };
}
