import type { Alert, ServiceMetricsSample, ServiceMetricsSeries, ServiceStatus } from '@vigie/contracts';

/** The states of monitoring's two circuit breakers per service (service_status.details.circuit). */
export type CircuitState = 'closed' | 'open' | 'half-open';
export interface Circuits {
  readonly health: CircuitState;
  readonly gateway: CircuitState;
}

/** One line of the services table: health from the status, figures from the latest Prometheus aggregate. */
export interface SystemRow {
  readonly service: string;
  readonly status: ServiceStatus['status'];
  readonly checkedAt: string | null;
  readonly latencyMs: number | null;
  readonly circuits: Circuits | null;
  readonly error: string | null;
  readonly latest: ServiceMetricsSample | null;
  /** Throughput over the history, oldest first, for the sparkline. */
  readonly throughput: readonly ThroughputPoint[];
}

export interface ThroughputPoint {
  readonly t: number;
  readonly requests: number | null;
  readonly events: number | null;
}

const CIRCUIT_STATES: readonly string[] = ['closed', 'open', 'half-open'];
const isCircuitState = (v: unknown): v is CircuitState => typeof v === 'string' && CIRCUIT_STATES.includes(v);

/** Reads `details.circuit` defensively: an older monitoring (or monitoring's own entry) has none. */
export function circuitsOf(details: ServiceStatus['details']): Circuits | null {
  const c = details?.circuit;
  if (typeof c !== 'object' || c === null) return null;
  const { health, gateway } = c as Record<string, unknown>;
  return isCircuitState(health) && isCircuitState(gateway) ? { health, gateway } : null;
}

/** The worse of the two circuits, for a single chip: open > half-open > closed. */
export function worstCircuit(c: Circuits): CircuitState {
  const rank = { closed: 0, 'half-open': 1, open: 2 } as const;
  return rank[c.health] >= rank[c.gateway] ? c.health : c.gateway;
}

/**
 * Joins the services' statuses (REST when loaded, else the live socket's) with their metrics, in the statuses'
 * order; a service known only to the metrics is still listed (status UNKNOWN).
 */
export function buildSystemRows(statuses: readonly ServiceStatus[], metrics: readonly ServiceMetricsSeries[] | undefined): SystemRow[] {
  const bySeries = new Map((metrics ?? []).map((m) => [m.service, m]));
  const names = [
    ...statuses.map((s) => s.service),
    ...(metrics ?? []).map((m) => m.service).filter((n) => !statuses.some((s) => s.service === n)),
  ];
  return names.map((service) => {
    const status = statuses.find((s) => s.service === service);
    const series = bySeries.get(service);
    const error = status?.details?.error;
    return {
      service,
      status: status?.status ?? 'UNKNOWN',
      checkedAt: status?.checkedAt ?? null,
      latencyMs: status?.latencyMs ?? null,
      circuits: circuitsOf(status?.details ?? null),
      error: status?.status === 'DOWN' && typeof error === 'string' ? error : null,
      latest: series?.latest ?? null,
      throughput: (series?.history ?? []).map((h) => ({ t: Date.parse(h.at), requests: h.requestsPerSecond, events: h.eventsInPerSecond })),
    };
  });
}

/** Counts for the page's summary line. */
export function systemSummary(rows: readonly SystemRow[]): { up: number; total: number; openCircuits: number } {
  return {
    up: rows.filter((r) => r.status === 'UP').length,
    total: rows.length,
    openCircuits: rows.filter((r) => r.circuits !== null && worstCircuit(r.circuits) !== 'closed').length,
  };
}

const SEVERITY_RANK: Readonly<Record<Alert['severity'], number>> = { critical: 0, warning: 1, info: 2 };

/** Active alerts, most severe first, then newest first. */
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  return [...alerts]
    .filter((a) => a.clearedAt === null)
    .sort(
      (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.raisedAt.localeCompare(a.raisedAt) || a.id.localeCompare(b.id),
    );
}

/** The message key of an alert kind (the service's own text is English; the page says it in the reader's language). */
export type AlertKindKey =
  'alert.service_down' | 'alert.consumer_lag' | 'alert.dlq_growth' | 'alert.anomaly_critical' | 'alert.rul_low' | 'alert.other';
export function alertKindKey(kind: string): AlertKindKey {
  switch (kind) {
    case 'service_down':
    case 'consumer_lag':
    case 'dlq_growth':
    case 'anomaly_critical':
    case 'rul_low':
      return `alert.${kind}`;
    default:
      return 'alert.other';
  }
}
