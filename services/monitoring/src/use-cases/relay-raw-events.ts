import { WS_RAW_TOPICS, type WsEventMessage, type WsRawTopic } from '@vigie/contracts';
import type { ConsumerDef } from '@vigie/service-kit';
import type { MonitoringContext } from './monitoring-context';

const RAW = new Set<string>(WS_RAW_TOPICS);

/**
 * Wraps a consumer of a raw stream so that, once its batch is handled, each event goes to the /ws/monitoring clients
 * subscribed to that topic and asset (the hub skips the work when nobody is). Other topics pass through unchanged.
 */
// `any`: consumers of every topic go through here, as in monitoringConsumers.
export function relayToSockets(ctx: MonitoringContext, consumer: ConsumerDef<any>): ConsumerDef<any> {
  if (!RAW.has(consumer.topic)) return consumer;
  const topic = consumer.topic as WsRawTopic;
  return {
    ...consumer,
    handle: async (events) => {
      const hint = await consumer.handle(events);
      for (const { event } of events) {
        const payload = event.data as { assetId: string };
        ctx.hub.publishRaw({ type: 'event', topic, assetId: payload.assetId, payload } as WsEventMessage);
      }
      return hint;
    },
  };
}
