import type { Topic } from '@vigie/contracts';
import { defineConsumer, type ConsumedEvent, type ConsumerDef } from '@vigie/service-kit';
import type { MonitoringContext } from '../use-cases/monitoring-context';

/**
 * Monitoring's consumer group for one topic (seed §2.7: "Tous les topics pour agrégation"). One group per topic:
 * members of one Kafka group must subscribe to the same topics, and each consumer here subscribes to one.
 */
export function monitoringGroup(topic: Topic): string {
  return `monitoring.${topic}`;
}

/** Counts a handled batch; called after its effects are stored, so a retried batch is not counted twice. */
export function countBatch(ctx: MonitoringContext, topic: Topic, events: readonly ConsumedEvent<unknown>[]): void {
  let last = 0;
  for (const e of events) last = Math.max(last, e.message.timestamp);
  if (events.length > 0) ctx.counters.record(topic, events.length, last);
}

/** A consumer that only counts: the topics whose payloads monitoring does not keep (samples, plans). */
export function countingConsumer<T extends Topic>(ctx: MonitoringContext, topic: T): ConsumerDef<T> {
  return defineConsumer({
    topic,
    groupId: monitoringGroup(topic),
    handle: async (events) => {
      countBatch(ctx, topic, events);
    },
  });
}
