import { z } from 'zod';
import { SERVICES, SERVICE_NAMES } from '@vigie/contracts';

const TargetSchema = z.object({ service: z.string().min(1), url: z.url() });
export type Target = z.infer<typeof TargetSchema>;

/** The seven seed services on loopback, as the embedded profile runs them. */
export const DEFAULT_TARGETS: readonly Target[] = SERVICE_NAMES.map((service) => ({
  service,
  url: `http://127.0.0.1:${SERVICES[service].port}`,
}));

export const MonitoringConfigSchema = z.object({
  /** Base URLs whose `/actuator/health` is polled. Monitoring's own entry is answered in-process (always UP). */
  targets: z.array(TargetSchema).default([...DEFAULT_TARGETS]),
  /** Base URL of ingestion-iiot, whose asset list describes the plant. */
  ingestionUrl: z.url().default('http://127.0.0.1:8081'),
  pollIntervalMs: z.number().int().positive().default(5000),
  /** Timeout of one `/actuator/health` or asset-list request. */
  requestTimeoutMs: z.number().int().positive().default(5000),
  assetRefreshIntervalMs: z.number().int().positive().default(10_000),
  /** How often the per-topic counters are written to system_metrics (and on shutdown). */
  metricsFlushIntervalMs: z.number().int().positive().default(15_000),
  /** A critical/high anomaly younger than this keeps its asset in alarm (and its alert open). */
  anomalyWindowMs: z.number().int().positive().default(15 * 60_000),
  /**
   * Wall-clock time after its last feature window during which an asset counts as reporting ('ok' when nothing else
   * is known). Windows arrive every few seconds, so a minute tolerates a hiccup, not an outage. Judged on the wall
   * clock because the demo's plant clock runs up to 60× faster.
   */
  dataFreshnessMs: z.number().int().positive().default(60_000),
  /** CORS allow-list of the dashboards' origins. */
  dashboardOrigins: z.array(z.string().min(1)).default(['http://localhost:3000', 'http://127.0.0.1:3000']),
  /** A WebSocket client with more unsent bytes than this is closed with 1013 (try again later). */
  wsMaxBufferedBytes: z.number().int().positive().default(4 * 1024 * 1024),
  wsPingIntervalMs: z.number().int().positive().default(30_000),

  // Circuit breakers (opossum), one per target around the health poll and one around the gateway's calls.
  /** Open circuit → half-open trial after this long; default 3 poll intervals. */
  breakerResetMs: z.number().int().positive().optional(),
  /** Calls in the rolling window before the error rate is judged. */
  breakerVolumeThreshold: z.number().int().positive().default(3),
  /** Error rate (%) above which a circuit opens. */
  breakerErrorPercent: z.number().min(0).max(100).default(50),

  // API gateway.
  /** Timeout of one forwarded request (training and optimisation calls can take a while). */
  gatewayTimeoutMs: z.number().int().positive().default(30_000),

  // Prometheus aggregation.
  /** Samples per service returned by GET /metrics (at the poll interval: 60 × 5 s = 5 min). */
  metricsHistorySize: z.number().int().positive().max(1000).default(60),

  // Alert rules (de-flapped: raised after N consecutive bad checks, cleared after M good ones).
  alertRaiseAfter: z.number().int().positive().default(3),
  alertClearAfter: z.number().int().positive().default(2),
  /** consumer_lag: summed vigie_consumer_lag_messages of a service above this. */
  consumerLagAlertMessages: z.number().int().positive().default(1000),
  /** dlq_growth: the service's dead-letter count grew within this window. */
  dlqGrowthWindowMs: z.number().int().positive().default(10 * 60_000),
  /** rul_low: the lower bound of the RUL interval under this many hours… */
  rulAlertHours: z.number().positive().default(72),
  /** …and cleared only once it is back at this many hours or more (hysteresis; at least rulAlertHours). */
  rulClearHours: z.number().positive().default(72),
});

export type MonitoringConfig = z.infer<typeof MonitoringConfigSchema>;
export type MonitoringConfigInput = z.input<typeof MonitoringConfigSchema>;

/** Parses a partial config (defaults fill the rest); throws a ZodError naming the bad fields. */
export function parseMonitoringConfig(input: MonitoringConfigInput = {}): MonitoringConfig {
  return MonitoringConfigSchema.parse(input);
}

/** The breakers' reset delay: configured, or three poll intervals (a failed target is retried every third round). */
export function breakerResetMs(config: MonitoringConfig): number {
  return config.breakerResetMs ?? 3 * config.pollIntervalMs;
}

/** Reads MONITORING_* variables; only main.ts calls this. */
export function configFromEnv(env: NodeJS.ProcessEnv): MonitoringConfig {
  const list = (v: string | undefined): string[] | undefined =>
    v === undefined || v.trim() === '' ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
  const int = (v: string | undefined): number | undefined => (v === undefined || v === '' ? undefined : Number(v));
  const targets = list(env.MONITORING_TARGETS)?.map((entry) => {
    // service=url, e.g. ingestion-iiot=http://ingestion:8081
    const [service = '', ...url] = entry.split('=');
    return { service, url: url.join('=') };
  });
  return parseMonitoringConfig(
    stripUndefined({
      targets,
      ingestionUrl: env.MONITORING_INGESTION_URL,
      pollIntervalMs: int(env.MONITORING_POLL_INTERVAL_MS),
      dataFreshnessMs: int(env.MONITORING_DATA_FRESHNESS_MS),
      dashboardOrigins: list(env.MONITORING_DASHBOARD_ORIGINS),
      gatewayTimeoutMs: int(env.MONITORING_GATEWAY_TIMEOUT_MS),
      alertRaiseAfter: int(env.MONITORING_ALERT_RAISE_AFTER),
      alertClearAfter: int(env.MONITORING_ALERT_CLEAR_AFTER),
      consumerLagAlertMessages: int(env.MONITORING_CONSUMER_LAG_ALERT),
      rulAlertHours: int(env.MONITORING_RUL_ALERT_HOURS),
      rulClearHours: int(env.MONITORING_RUL_CLEAR_HOURS),
    }),
  );
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
