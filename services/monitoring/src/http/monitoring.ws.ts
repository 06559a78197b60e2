import type { FastifyInstance } from 'fastify';
import { WsClientMessageSchema, summarizeIssues, type WsErrorCode, type WsMessage } from '@vigie/contracts';
import type { WsClient } from '../adapters/ws-client';
import { buildSnapshot } from '../use-cases/read-views';
import type { MonitoringContext } from '../use-cases/monitoring-context';
import { isAllowedWsOrigin } from './cors';

export const WS_PATH = '/ws/monitoring';

/** Most alert changes one resume replays; a client further behind is told so and relies on the snapshot. */
export const MAX_RESUME_CHANGES = 10_000;

/** Client messages are small JSON objects; anything bigger is refused before parsing. */
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/**
 * /ws/monitoring (protocol: services/monitoring/README.md): a snapshot carrying the current alert `seq`, then with
 * `?sinceSeq=n` every alert change after n (`replayed: true`) and `resumed`, then live updates filtered by the
 * client's subscriptions. Updates that happen meanwhile queue behind; alerts already covered are skipped.
 */
export function registerMonitoringWs(app: FastifyInstance, ctx: MonitoringContext): void {
  app.get<{ Querystring: { sinceSeq?: string } }>(
    WS_PATH,
    {
      websocket: true,
      schema: {
        summary: 'Real-time feed (JSON): snapshot, then services/asset/anomaly/rul/work-order/alert; raw streams on subscribe',
        tags: ['monitoring'],
      },
      preValidation: async (request, reply) => {
        if (!isAllowedWsOrigin(request.headers.origin, ctx.config.dashboardOrigins)) {
          // No stable code fits yet (no FORBIDDEN in ERROR_CODES); the status says it all.
          await reply.code(403).send({ error: { message: 'Origin not allowed' } });
        }
      },
    },
    (socket, request) => {
      const client = ctx.hub.attach(socket);
      socket.on('message', (data, isBinary) => onClientMessage(client, isBinary ? null : String(data)));
      openClient(ctx, client, request.query.sinceSeq).catch((err: unknown) => {
        ctx.logger.error({ err }, 'cannot build the monitoring snapshot');
        client.close(1011, 'snapshot unavailable');
      });
    },
  );
}

/** Snapshot at seq S (S read first: later changes arrive live), then the resumed changes in (sinceSeq, S]. */
async function openClient(ctx: MonitoringContext, client: WsClient, sinceSeqParam: string | undefined): Promise<void> {
  const seq = await ctx.hub.alertChanges.currentSeq();
  const snapshot: WsMessage = { ...(await buildSnapshot(ctx)), seq };
  const first = [JSON.stringify(snapshot)];
  if (sinceSeqParam !== undefined) first.push(...(await resume(ctx, sinceSeqParam, seq)));
  client.open(first, seq);
}

async function resume(ctx: MonitoringContext, param: string, seq: number): Promise<string[]> {
  if (!/^\d{1,15}$/.test(param)) return [error('WS_INVALID_MESSAGE', `sinceSeq must be a non-negative integer, got '${param}'`)];
  const sinceSeq = Number(param);
  if (sinceSeq > seq) {
    return [
      error('WS_RESUME_UNKNOWN_SEQ', `sinceSeq ${sinceSeq} is ahead of the server's alert history (seq ${seq}); the snapshot replaces it`),
    ];
  }
  if (seq - sinceSeq > MAX_RESUME_CHANGES) {
    return [error('WS_RESUME_TOO_FAR', `more than ${MAX_RESUME_CHANGES} alert changes since ${sinceSeq}; the snapshot replaces them`)];
  }
  const changes = await ctx.hub.alertChanges.since(sinceSeq, MAX_RESUME_CHANGES, seq);
  return [
    ...changes.map((c) => JSON.stringify({ type: 'alert', alert: c.alert, seq: c.seq, replayed: true } satisfies WsMessage)),
    JSON.stringify({ type: 'resumed', sinceSeq, seq, count: changes.length } satisfies WsMessage),
  ];
}

/** subscribe / unsubscribe: applied whole or not at all; the reply is the resulting subscriptions or an error. */
function onClientMessage(client: WsClient, text: string | null): void {
  const reply = (message: string): void => client.enqueue({ kind: 'control', text: message });
  if (text === null || Buffer.byteLength(text) > MAX_CLIENT_MESSAGE_BYTES) {
    reply(error('WS_INVALID_MESSAGE', `client messages are JSON text of at most ${MAX_CLIENT_MESSAGE_BYTES} bytes`));
    return;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    reply(error('WS_INVALID_JSON', 'the message is not JSON'));
    return;
  }
  const parsed = WsClientMessageSchema.safeParse(raw);
  if (!parsed.success) {
    reply(
      error('WS_INVALID_MESSAGE', `expected {type:'subscribe'|'unsubscribe', topics, assets?}: ${summarizeIssues(parsed.error.issues)}`),
    );
    return;
  }
  const result = client.subscriptions.apply(parsed.data);
  if (!result.ok) reply(error(result.code, result.message));
  else reply(JSON.stringify({ type: 'subscriptions', subscriptions: client.subscriptions.list() } satisfies WsMessage));
}

function error(code: WsErrorCode, message: string): string {
  return JSON.stringify({ type: 'error', code, message } satisfies WsMessage);
}
