import type { FastifyInstance } from 'fastify';
import { buildSnapshot } from '../use-cases/read-views';
import type { MonitoringContext } from '../use-cases/monitoring-context';
import { isAllowedWsOrigin } from './cors';

export const WS_PATH = '/ws/monitoring';

/**
 * /ws/monitoring: a snapshot first, then every update (WsMessageSchema of @vigie/contracts). Updates that happen
 * while the snapshot is read queue behind it; the dashboard's reducer applies them idempotently.
 */
export function registerMonitoringWs(app: FastifyInstance, ctx: MonitoringContext): void {
  app.get(
    WS_PATH,
    {
      websocket: true,
      schema: { summary: 'Real-time feed (JSON): snapshot, then services/asset/anomaly/rul/work-order/alert', tags: ['monitoring'] },
      preValidation: async (request, reply) => {
        if (!isAllowedWsOrigin(request.headers.origin, ctx.config.dashboardOrigins)) {
          // No stable code fits yet (no FORBIDDEN in ERROR_CODES); the status says it all.
          await reply.code(403).send({ error: { message: 'Origin not allowed' } });
        }
      },
    },
    (socket) => {
      const client = ctx.hub.attach(socket);
      buildSnapshot(ctx).then(
        (snapshot) => client.open(JSON.stringify(snapshot)),
        (err: unknown) => {
          ctx.logger.error({ err }, 'cannot build the monitoring snapshot');
          client.close(1011, 'snapshot unavailable');
        },
      );
    },
  );
}
