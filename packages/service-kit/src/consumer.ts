import { decodeEvent, dlqTopic, type CloudEvent, type Topic, type TopicPayload } from '@vigie/contracts';
import type { BusMessage, CommitHint, EventBus, Subscription } from './bus/event-bus';
import type { Logger } from './logger';
import type { LagSource, ServiceMetrics } from './metrics';

export interface ConsumedEvent<T> {
  readonly event: CloudEvent<T>;
  readonly message: BusMessage;
}

/** One consumer per file with a stable group id (STYLE.md §4). */
export interface ConsumerDef<T extends Topic = Topic> {
  readonly topic: T;
  readonly groupId: string;
  readonly maxBatchSize?: number;
  /** Handles valid events of one partition in offset order; store effects before returning (offsets commit after). */
  readonly handle: (events: readonly ConsumedEvent<TopicPayload<T>>[]) => Promise<CommitHint>;
  /** Told of messages sent to the dead-letter topic, after they are durable there (e.g. to count them). */
  readonly onDeadLetter?: (dead: readonly { message: BusMessage; code: string; reason: string }[]) => Promise<void>;
}

export function defineConsumer<T extends Topic>(def: ConsumerDef<T>): ConsumerDef<T> {
  return def;
}

export const DLQ_HEADERS = {
  code: 'vigie-dlq-code',
  reason: 'vigie-dlq-reason',
  topic: 'vigie-dlq-original-topic',
  partition: 'vigie-dlq-original-partition',
  offset: 'vigie-dlq-original-offset',
  consumer: 'vigie-dlq-consumer-group',
} as const;

/**
 * Subscribes a consumer: messages that fail decoding go to `<topic>.dlq` with their reason (before the batch is
 * committed, so a bad message is never lost), valid ones go to the handler.
 */
export async function startConsumer<T extends Topic>(
  bus: EventBus,
  def: ConsumerDef<T>,
  logger: Logger,
  metrics: ServiceMetrics,
): Promise<Subscription> {
  const progress = new HandledProgress(bus);
  metrics.trackConsumerLag(progress, def.topic, def.groupId);
  return bus.subscribe({
    topics: [def.topic],
    groupId: def.groupId,
    fromBeginning: true,
    maxBatchSize: def.maxBatchSize ?? 500,
    handleBatch: async (batch) => {
      const valid: ConsumedEvent<TopicPayload<T>>[] = [];
      const dead: { key: string | null; value: Buffer; headers: Record<string, string> }[] = [];
      const deadInfo: { message: BusMessage; code: string; reason: string }[] = [];
      for (const message of batch) {
        const decoded = decodeEvent(def.topic, message.value);
        if (decoded.ok) {
          valid.push({ event: decoded.event, message });
        } else {
          logger.warn({ topic: def.topic, offset: message.offset, code: decoded.code, reason: decoded.reason }, 'dead-lettering message');
          deadInfo.push({ message, code: decoded.code, reason: decoded.reason });
          dead.push({
            key: message.key,
            value: message.value,
            headers: {
              ...message.headers,
              [DLQ_HEADERS.code]: decoded.code,
              [DLQ_HEADERS.reason]: decoded.reason.slice(0, 1000),
              [DLQ_HEADERS.topic]: message.topic,
              [DLQ_HEADERS.partition]: String(message.partition),
              [DLQ_HEADERS.offset]: message.offset,
              [DLQ_HEADERS.consumer]: def.groupId,
            },
          });
        }
      }
      if (dead.length > 0) {
        await bus.publish(dlqTopic(def.topic), dead);
        metrics.eventsConsumed.inc({ topic: def.topic, outcome: 'dead_lettered' }, dead.length);
        await def.onDeadLetter?.(deadInfo);
      }
      const hint = valid.length > 0 ? await def.handle(valid) : undefined;
      metrics.eventsConsumed.inc({ topic: def.topic, outcome: 'ok' }, valid.length);
      progress.handled(batch);
      return hint;
    },
  });
}

/**
 * A group's progress as the lag gauge reads it: the committed offsets, or further where this process has handled
 * messages whose commit the handler holds back. A windowing consumer commits only up to the first message its open
 * windows still need (CommitHint), so its committed offset trails what it has processed by a window's worth of
 * messages; counting those as "behind" would report a steady lag (and raise consumer_lag) for a consumer that keeps
 * up. Lag is what is not handled yet. After a restart the held messages are read and handled again, so until then the
 * committed offset is the progress.
 */
class HandledProgress implements LagSource {
  /** topic → partition → offset after the last message handled here. */
  readonly #next = new Map<string, Map<number, bigint>>();

  constructor(private readonly bus: EventBus) {}

  handled(batch: readonly BusMessage[]): void {
    for (const m of batch) {
      const partitions = this.#next.get(m.topic) ?? new Map<number, bigint>();
      this.#next.set(m.topic, partitions);
      const next = BigInt(m.offset) + 1n;
      if (next > (partitions.get(m.partition) ?? -1n)) partitions.set(m.partition, next);
    }
  }

  endOffsets(topic: string): Promise<Map<number, string>> {
    return this.bus.endOffsets(topic);
  }

  async committedOffsets(groupId: string, topic: string): Promise<Map<number, string>> {
    const progress = await this.bus.committedOffsets(groupId, topic);
    for (const [partition, next] of this.#next.get(topic) ?? []) {
      const committed = progress.get(partition);
      if (committed === undefined || BigInt(committed) < next) progress.set(partition, next.toString());
    }
    return progress;
  }
}

/** Publishes events keyed by their subject (the asset id), so an asset's events stay in order on one partition. */
export async function publishEvents(
  bus: EventBus,
  topic: Topic,
  events: readonly CloudEvent<unknown>[],
  metrics?: ServiceMetrics,
): Promise<void> {
  if (events.length === 0) return;
  await bus.publish(
    topic,
    events.map((e) => ({ key: e.subject, value: JSON.stringify(e), headers: { ce_type: e.type, ce_id: e.id } })),
  );
  metrics?.eventsPublished.inc({ topic }, events.length);
}
