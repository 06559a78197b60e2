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

export function topicMetrics(ctx: MonitoringContext): z.infer<typeof MonitoringMetricsResponse> {
  return {
    topics: ctx.counters.snapshot().map((c) => ({
      topic: c.topic,
      events: c.events,
      lastEventAt: c.lastEventAt === null ? null : new Date(c.lastEventAt).toISOString(),
    })),
    uptimeSeconds: Math.round((ctx.now() - ctx.startedAt) / 1000),
  };
}

/** The first message of every WebSocket connection. */
export async function buildSnapshot(ctx: MonitoringContext): Promise<Extract<WsMessage, { type: 'snapshot' }>> {
  const assets = await listAssetHealth(ctx);
  const workOrders = await ctx.readModel.openWorkOrders();
  const alerts = await ctx.alerts.listActive();
  return { type: 'snapshot', services: ctx.board.list(), assets, workOrders, alerts };
}
