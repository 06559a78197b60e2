import { z } from 'zod';
import {
  MonitoringAlertsResponse,
  MonitoringAssetsResponse,
  MonitoringHealthResponse,
  MonitoringMetricsResponse,
  MonitoringServicesResponse,
  MonitoringWorkOrdersResponse,
  SERVICES,
} from '@vigie/contracts';
import { defineRoute, type RouteDef } from '@vigie/service-kit';
import { listAssetHealth } from '../use-cases/assess-assets';
import type { MonitoringContext } from '../use-cases/monitoring-context';
import { platformHealth, topicMetrics } from '../use-cases/read-views';

const prefix = SERVICES.monitoring.prefix;
const tags = ['monitoring'];

const AlertsQuery = z.object({
  /** `true` includes cleared alerts (newest first, at most `limit`). */
  all: z.enum(['true', 'false']).default('false'),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

/** The seed's four endpoints (§2.7) plus the dashboard's assets and work orders. Handlers only read. */
export function monitoringRoutes(ctx: MonitoringContext): RouteDef<any, any, any, any>[] {
  // `any`: a heterogeneous list, as ServiceDefinition.routes; each route is typed where it is defined.
  return [
    defineRoute({
      method: 'GET',
      url: `${prefix}/health`,
      summary: 'Global health: UP when every service is UP, DEGRADED when some are DOWN, DOWN when none answers',
      tags,
      response: MonitoringHealthResponse,
      handler: () => platformHealth(ctx),
    }),
    defineRoute({
      method: 'GET',
      url: `${prefix}/metrics`,
      summary: 'Events consumed per topic, uptime, and per-service aggregates of their Prometheus metrics (latest + history)',
      tags,
      response: MonitoringMetricsResponse,
      handler: () => topicMetrics(ctx),
    }),
    defineRoute({
      method: 'GET',
      url: `${prefix}/alerts`,
      summary: 'Active alerts (?all=true adds cleared ones)',
      tags,
      query: AlertsQuery,
      response: MonitoringAlertsResponse,
      handler: async ({ query }) => ({
        alerts: query.all === 'true' ? await ctx.alerts.listAll(query.limit) : await ctx.alerts.listActive(),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: `${prefix}/services`,
      summary: 'Status of each polled service (last /actuator/health check) with its circuit states (details.circuit)',
      tags,
      response: MonitoringServicesResponse,
      handler: () => ({
        // The circuits as they are now (the gateway's may have moved since the last poll).
        services: ctx.board.list().map((s) => {
          const circuit = ctx.circuits.describe(s.service);
          return circuit && s.service !== 'monitoring' ? { ...s, details: { ...s.details, circuit } } : s;
        }),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: `${prefix}/assets`,
      summary: 'Every known asset with its health, status, last anomaly, last RUL and open work orders',
      tags,
      response: MonitoringAssetsResponse,
      handler: async () => ({ assets: await listAssetHealth(ctx) }),
    }),
    defineRoute({
      method: 'GET',
      url: `${prefix}/work-orders`,
      summary: 'Open work orders, as last seen on the work-orders topic',
      tags,
      response: MonitoringWorkOrdersResponse,
      handler: async () => ({ workOrders: await ctx.readModel.openWorkOrders() }),
    }),
  ];
}
