import {
  undescribedAsset,
  type Alert,
  type AnomalyDetectedPayload,
  type AssetHealth,
  type ServiceStatus,
  type WorkOrder,
  type WsMessage,
} from '@vigie/contracts';
import { compareAlerts, compareAssets, compareWorkOrders, isOpenWorkOrder } from './ordering';

/** How many anomalies the "recent anomalies" list keeps; older ones are dropped. */
export const RECENT_ANOMALY_LIMIT = 20;
/** How many alert changes (raised or cleared) the "recent alert changes" list keeps. */
export const RECENT_ALERT_CHANGE_LIMIT = 50;

/** One numbered alert change as the server sent it: the alert right after it was raised or cleared. */
export interface AlertChange {
  readonly seq: number;
  readonly alert: Alert;
}

/**
 * What the dashboard knows about the plant. Every list is kept sorted in display order so components only render,
 * and closed work orders / cleared alerts are dropped so a dashboard left open for weeks does not grow.
 */
export interface PlantState {
  /** False until the first snapshot: before it, empty lists mean "not known yet", not "nothing there". */
  readonly synced: boolean;
  readonly services: readonly ServiceStatus[];
  readonly assets: readonly AssetHealth[];
  /** Open work orders only (not done, not cancelled). */
  readonly workOrders: readonly WorkOrder[];
  /** Active alerts only (clearedAt is null). */
  readonly alerts: readonly Alert[];
  /** Newest first, at most RECENT_ANOMALY_LIMIT. */
  readonly recentAnomalies: readonly AnomalyDetectedPayload[];
  /**
   * The seq of the latest alert change folded into `alerts` (the snapshot's, then each live one): the socket resumes
   * from it after a reconnect, and a change at or below it is never applied again (late duplicates cannot undo news).
   */
  readonly alertSeq: number | null;
  /** Alert changes by seq, newest first, at most RECENT_ALERT_CHANGE_LIMIT: live ones and those replayed on resume. */
  readonly recentAlertChanges: readonly AlertChange[];
}

export const initialPlantState: PlantState = {
  synced: false,
  services: [],
  assets: [],
  workOrders: [],
  alerts: [],
  recentAnomalies: [],
  alertSeq: null,
  recentAlertChanges: [],
};

/** Folds one monitoring WebSocket message into the state. Pure: returns a new state, never mutates. */
export function applyMessage(state: PlantState, msg: WsMessage): PlantState {
  switch (msg.type) {
    case 'snapshot':
      return {
        ...state,
        synced: true,
        // Authoritative even when lower than what we had: the server's alert history may have been reset.
        alertSeq: msg.seq,
        services: sortServices(msg.services),
        assets: [...msg.assets].sort(compareAssets),
        workOrders: msg.workOrders.filter(isOpenWorkOrder).sort(compareWorkOrders),
        alerts: msg.alerts.filter((a) => a.clearedAt === null).sort(compareAlerts),
        // The snapshot carries no anomaly history; each asset's latest anomaly seeds the list so a reload is not
        // blank, and anomalies seen before a reconnect are kept.
        recentAnomalies: mergeAnomalies(
          state.recentAnomalies,
          msg.assets.flatMap((a) => (a.lastAnomaly ? [a.lastAnomaly] : [])),
        ),
      };
    case 'services':
      return { ...state, services: sortServices(msg.services) };
    case 'asset': {
      const incoming = msg.asset;
      // The service may build an asset message before it has seen an anomaly or prediction already pushed to us;
      // keep whichever of each is newer so the card never steps back in time.
      return {
        ...state,
        assets: upsertAsset(state.assets, incoming.id, (current) => ({
          ...incoming,
          lastAnomaly: newer(incoming.lastAnomaly, current.lastAnomaly, (a) => a.detectedAt),
          lastRul: newer(incoming.lastRul, current.lastRul, (r) => r.predictedAt),
        })),
      };
    }
    case 'anomaly': {
      const anomaly = msg.anomaly;
      return {
        ...state,
        assets: upsertAsset(state.assets, anomaly.assetId, (a) => {
          const latest = newer(anomaly, a.lastAnomaly, (x) => x.detectedAt);
          return latest === a.lastAnomaly ? a : { ...a, lastAnomaly: latest };
        }),
        recentAnomalies: mergeAnomalies(state.recentAnomalies, [anomaly]),
      };
    }
    case 'rul': {
      const rul = msg.prediction;
      return {
        ...state,
        // A late, older prediction must not hide the newer one already shown.
        assets: upsertAsset(state.assets, rul.assetId, (a) => {
          const latest = newer(rul, a.lastRul, (x) => x.predictedAt);
          return latest === a.lastRul ? a : { ...a, lastRul: latest };
        }),
      };
    }
    case 'work-order': {
      const wo = msg.workOrder;
      const others = state.workOrders.filter((w) => w.id !== wo.id);
      return {
        ...state,
        assets: upsertAsset(state.assets, wo.assetId, (a) => a),
        workOrders: isOpenWorkOrder(wo) ? [...others, wo].sort(compareWorkOrders) : others,
      };
    }
    case 'alert': {
      const recentAlertChanges = mergeAlertChanges(state.recentAlertChanges, { seq: msg.seq, alert: msg.alert });
      // Replayed changes (seq ≤ the snapshot's) are history: the snapshot already holds their outcome.
      if (msg.replayed === true || (state.alertSeq !== null && msg.seq <= state.alertSeq)) {
        return recentAlertChanges === state.recentAlertChanges ? state : { ...state, recentAlertChanges };
      }
      const others = state.alerts.filter((a) => a.id !== msg.alert.id);
      return {
        ...state,
        alertSeq: msg.seq,
        alerts: msg.alert.clearedAt === null ? [...others, msg.alert].sort(compareAlerts) : others,
        recentAlertChanges,
      };
    }
    // Protocol messages (raw streams, notices, subscription replies) do not change the plant state.
    case 'resumed':
    case 'subscriptions':
    case 'event':
    case 'dropped':
    case 'error':
      return state;
  }
}

/** Adds a change in seq order (newest first), once: a change seen live and again in a replay is kept once. */
function mergeAlertChanges(current: readonly AlertChange[], change: AlertChange): readonly AlertChange[] {
  if (current.some((c) => c.seq === change.seq)) return current;
  return [...current, change].sort((a, b) => b.seq - a.seq).slice(0, RECENT_ALERT_CHANGE_LIMIT);
}

/**
 * Open work orders per asset id, counted from the open list rather than read from `AssetHealth.openWorkOrders`:
 * work-order messages arrive without a matching asset message, and the card must agree with the table beside it.
 */
export function countOpenWorkOrders(state: Pick<PlantState, 'workOrders'>): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const wo of state.workOrders) counts.set(wo.assetId, (counts.get(wo.assetId) ?? 0) + 1);
  return counts;
}

/** An asset seen in an event before the monitoring service described it: shown, marked unknown, until described. */
export function placeholderAsset(id: string): AssetHealth {
  return {
    ...undescribedAsset(id),
    health: null,
    status: 'unknown',
    lastAnomaly: null,
    lastRul: null,
    openWorkOrders: 0,
  };
}

function upsertAsset(assets: readonly AssetHealth[], id: string, update: (current: AssetHealth) => AssetHealth): readonly AssetHealth[] {
  const index = assets.findIndex((a) => a.id === id);
  if (index === -1) return [...assets, update(placeholderAsset(id))].sort(compareAssets);
  const current = assets[index] as AssetHealth;
  const next = update(current);
  if (next === current) return assets;
  const copy = [...assets];
  copy[index] = next;
  // Location may change with a full asset message, so re-sort; cheap at plant sizes (hundreds of assets).
  return copy.sort(compareAssets);
}

/** The later of two optional events; `incoming` wins ties, and a missing one never replaces a known one. */
function newer<T>(incoming: T | null, current: T | null, at: (value: T) => number): T | null {
  if (incoming === null) return current;
  if (current === null) return incoming;
  return at(current) > at(incoming) ? current : incoming;
}

function mergeAnomalies(
  current: readonly AnomalyDetectedPayload[],
  incoming: readonly AnomalyDetectedPayload[],
): readonly AnomalyDetectedPayload[] {
  const byId = new Map<string, AnomalyDetectedPayload>();
  for (const a of [...current, ...incoming]) byId.set(a.anomalyId, a);
  return [...byId.values()].sort((a, b) => b.detectedAt - a.detectedAt).slice(0, RECENT_ANOMALY_LIMIT);
}

function sortServices(services: readonly ServiceStatus[]): readonly ServiceStatus[] {
  return [...services].sort((a, b) => a.service.localeCompare(b.service));
}
