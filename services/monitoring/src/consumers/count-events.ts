import type { Topic } from '@vigie/contracts';
import { defineConsumer, type ConsumedEvent, type ConsumerDef } from '@vigie/service-kit';
import type { MonitoringContext } from '../use-cases/monitoring-context';

/** Monitoring's consumer group on every topic (seed §2.7: "Tous les topics pour agrégation"). */
export const MONITORING_GROUP = 'monitoring';

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
    groupId: MONITORING_GROUP,
    handle: async (events) => {
      countBatch(ctx, topic, events);
    },
  });
}
