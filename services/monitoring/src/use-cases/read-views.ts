import type { z } from 'zod';
import type { MonitoringHealthResponse, MonitoringMetricsResponse, WsMessage } from '@vigie/contracts';
import { globalStatus } from '../domain/global-health';
import { listAssetHealth } from './assess-assets';
import type { MonitoringContext } from './monitoring-context';

const SELF = 'monitoring';

/** Global health: over the other services when there are any (monitoring answering is a given here). */
export function platformHealth(ctx: MonitoringContext): z.infer<typeof MonitoringHealthResponse> {
  const services = ctx.board.list();
  const others = services.filter((s) => s.service !== SELF);
  return { status: globalStatus(others.length > 0 ? others : services), services };
}

/** Per-topic counters, uptime, and each target's latest Prometheus aggregates with a short history. */
export async function topicMetrics(ctx: MonitoringContext): Promise<z.infer<typeof MonitoringMetricsResponse>> {
  const { metricsHistorySize, pollIntervalMs } = ctx.config;
  // Twice the span the samples cover, so a few missed polls do not shorten the history.
  const since = new Date(ctx.now() - 2 * metricsHistorySize * pollIntervalMs);
  const history = await ctx.metrics.serviceHistory(since, metricsHistorySize);
  const services = ctx.config.targets.map((t) => {
    const samples = history.get(t.service) ?? [];
    return { service: t.service, latest: samples.at(-1) ?? null, history: samples };
  });
  return {
    services,
    topics: ctx.counters.snapshot().map((c) => ({
      topic: c.topic,
      events: c.events,
      lastEventAt: c.lastEventAt === null ? null : new Date(c.lastEventAt).toISOString(),
    })),
    uptimeSeconds: Math.round((ctx.now() - ctx.startedAt) / 1000),
  };
}

/** The first message of every WebSocket connection, but for the alert `seq` the socket handler reads first. */
export async function buildSnapshot(ctx: MonitoringContext): Promise<Omit<Extract<WsMessage, { type: 'snapshot' }>, 'seq'>> {
  const assets = await listAssetHealth(ctx);
  const workOrders = await ctx.readModel.openWorkOrders();
  const alerts = await ctx.alerts.listActive();
  return { type: 'snapshot', services: ctx.board.list(), assets, workOrders, alerts };
}
