import { undescribedAsset, type Alert, type AnomalyDetectedPayload, type AssetHealth, type ServiceStatus, type WorkOrder, type WsMessage } from '@vigie/contracts';
import { compareAlerts, compareAssets, compareWorkOrders, isOpenWorkOrder } from './ordering';

/** How many anomalies the "recent anomalies" list keeps; older ones are dropped. */
export const RECENT_ANOMALY_LIMIT = 20;

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
}

export const initialPlantState: PlantState = {
  synced: false,
  services: [],
  assets: [],
  workOrders: [],
  alerts: [],
  recentAnomalies: [],
};

/** Folds one monitoring WebSocket message into the state. Pure: returns a new state, never mutates. */
export function applyMessage(state: PlantState, msg: WsMessage): PlantState {
  switch (msg.type) {
    case 'snapshot':
      return {
        synced: true,
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
      const others = state.alerts.filter((a) => a.id !== msg.alert.id);
      return { ...state, alerts: msg.alert.clearedAt === null ? [...others, msg.alert].sort(compareAlerts) : others };
    }
  }
}

/**
 * Open work orders per asset id, counted from the open list rather than read from `AssetHealth.openWorkOrders`:
 * work-order messages arrive without a matching asset message, and the card must agree with the table beside it.
 */
export function countOpenWorkOrders(state: PlantState): ReadonlyMap<string, number> {
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

function upsertAsset(
  assets: readonly AssetHealth[],
  id: string,
  update: (current: AssetHealth) => AssetHealth,
): readonly AssetHealth[] {
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
