import {
  AssetCatalog,
  createLogger,
  createService,
  type Database,
  type Lifecycle,
  type Logger,
  periodic,
  type Service,
  type ServiceDeps,
  tokenProviderOf,
  type TokenProvider,
} from '@vigie/service-kit';
import { AlertEventRepository } from './adapters/alert-event-repository';
import { AlertRepository } from './adapters/alert-repository';
import { TargetCircuits } from './adapters/circuit-breakers';
import { HealthPoller } from './adapters/health-poller';
import { MetricsRepository } from './adapters/metrics-repository';
import { ReadModelRepository } from './adapters/read-model-repository';
import { ServiceStatusRepository } from './adapters/service-status-repository';
import { WsHub } from './adapters/ws-hub';
import { breakerResetMs, parseMonitoringConfig, type MonitoringConfig, type MonitoringConfigInput } from './config';
import { monitoringConsumers } from './consumers';
import { AlertDebouncer } from './domain/alert-debounce';
import { ServiceBoard } from './domain/service-board';
import { TopicCounters } from './domain/topic-counters';
import { installCors } from './http/cors';
import { registerGateway } from './http/gateway';
import { monitoringRoutes } from './http/monitoring.routes';
import { registerMonitoringWs } from './http/monitoring.ws';
import { migrations } from './migrations';
import type { MonitoringContext } from './use-cases/monitoring-context';
import { flushCounters, restoreCounters } from './use-cases/persist-counters';
import { recordScrapes } from './use-cases/record-scrapes';
import { recordServiceChecks } from './use-cases/record-service-checks';
import { refreshAssets } from './use-cases/refresh-assets';
import { relayToSockets } from './use-cases/relay-raw-events';

export interface MonitoringServiceDeps extends ServiceDeps {
  readonly config?: MonitoringConfig | MonitoringConfigInput;
  /** Epoch ms clock (tests move time to expire anomaly windows). */
  readonly now?: () => number;
}

/**
 * Dashboard-Monitoring (seed §2.7): polls every service's /actuator/health, consumes every topic, keeps a read
 * model of assets and work orders, raises alerts, and serves REST + /ws/monitoring. Does not listen.
 */
export function createMonitoringService(deps: MonitoringServiceDeps): Service {
  const config = parseMonitoringConfig(deps.config ?? {});
  const logger = deps.logger ?? createLogger('monitoring');
  // One provider for the catalog and the service context (its own client credentials, for the asset list).
  const tokenProvider = tokenProviderOf(deps);
  const ctx = buildContext(config, deps.db, logger, deps.now ?? Date.now, tokenProvider);
  const service = createService(
    {
      name: 'monitoring',
      // The seed's /api/v1/monitoring/health is the platform's health (monitoring.routes.ts); /actuator/health stays.
      healthPath: null,
      migrations,
      routes: monitoringRoutes(ctx),
      consumers: monitoringConsumers(ctx).map((c) => relayToSockets(ctx, c)),
      configure: async (app) => {
        installCors(app, config.dashboardOrigins);
        registerMonitoringWs(app, ctx);
        await registerGateway(app, {
          targets: config.targets,
          circuits: ctx.circuits,
          timeoutMs: config.gatewayTimeoutMs,
          retryAfterSeconds: Math.max(1, Math.ceil(breakerResetMs(config) / 1000)),
        });
      },
    },
    { ...deps, logger, tokenProvider },
  );
  wireLifecycle(service.ctx.lifecycle, ctx, () => service.ctx.metrics.registry.metrics());
  return service;
}

function buildContext(
  config: MonitoringConfig,
  db: Database,
  logger: Logger,
  now: () => number,
  tokenProvider: TokenProvider | null,
): MonitoringContext {
  return {
    config,
    logger,
    alerts: new AlertRepository(db),
    statuses: new ServiceStatusRepository(db),
    readModel: new ReadModelRepository(db),
    metrics: new MetricsRepository(db),
    catalog: new AssetCatalog(config.ingestionUrl, config.requestTimeoutMs, logger, undefined, tokenProvider),
    counters: new TopicCounters(),
    board: new ServiceBoard(config.targets),
    sentAssets: new Map(),
    hub: new WsHub({
      maxBufferedBytes: config.wsMaxBufferedBytes,
      pingIntervalMs: config.wsPingIntervalMs,
      alertChanges: new AlertEventRepository(db),
      logger,
    }),
    startedAt: now(),
    now,
    circuits: new TargetCircuits(
      config.targets.map((t) => t.service),
      {
        resetMs: breakerResetMs(config),
        volumeThreshold: config.breakerVolumeThreshold,
        errorThresholdPercentage: config.breakerErrorPercent,
        // Long enough to hold several polls' outcomes.
        rollingWindowMs: Math.max(10_000, 10 * config.pollIntervalMs),
      },
    ),
    debouncer: new AlertDebouncer(config.alertRaiseAfter, config.alertClearAfter),
    scrapes: new Map(),
    dlqGrewAt: new Map(),
  };
}

/** Start: restore counters and statuses, first asset fetch, then the periodic loops. Stop: in reverse, then flush. */
function wireLifecycle(lifecycle: Lifecycle, ctx: MonitoringContext, selfMetrics: () => Promise<string>): void {
  const { config, logger } = ctx;
  const poller = new HealthPoller(
    config.targets,
    { intervalMs: config.pollIntervalMs, timeoutMs: config.requestTimeoutMs, circuits: ctx.circuits, selfMetrics },
    async (checks, scrapes) => {
      await recordServiceChecks(ctx, checks);
      await recordScrapes(ctx, scrapes);
    },
    logger,
  );
  const tasks = [
    periodic(config.assetRefreshIntervalMs, () => refreshAssets(ctx), logger, 'asset refresh'),
    periodic(config.metricsFlushIntervalMs, () => flushCounters(ctx), logger, 'counter flush'),
  ];
  lifecycle.onStart(async () => {
    await restoreCounters(ctx);
    ctx.board.restore(await ctx.statuses.list());
    await ctx.catalog.refresh();
    poller.start();
    for (const t of tasks) t.start();
    await ctx.hub.start();
  });
  // Registered before createService's consumer hook, so it runs after the consumers stopped (reverse order):
  // the final flush counts everything they handled.
  lifecycle.onShutdown(async () => {
    await ctx.hub.stop();
    await poller.stop();
    for (const t of tasks) await t.stop();
    await flushCounters(ctx, true);
    ctx.circuits.shutdown();
  });
}
