import type { ConnectionOptions } from 'node:tls';
import { Consumer, stringDeserializer, type Message, type MessagesStream } from '@platformatic/kafka';
import type { Logger } from '../logger';
import type { BusMessage, SubscribeOptions, Subscription } from './event-bus';
import { backoffDelay, sleep, type RetryBackoff } from './retry';

export interface KafkaConsumerTuning {
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  /** Long-poll time of a fetch with no data; also bounds how long stop() waits for the fetch in flight. */
  readonly maxWaitTimeMs: number;
}

export interface KafkaSubscriptionInit {
  readonly brokers: string[];
  /** The bus's connection options (TLS), shared by its producer, admin and every consumer. */
  readonly connection: { tls?: ConnectionOptions };
  readonly clientId: string;
  readonly options: SubscribeOptions;
  readonly tuning: KafkaConsumerTuning;
  readonly backoff: RetryBackoff;
  readonly logger: Logger;
  readonly onStopped: () => void;
}

type KafkaMessage = Message<string, Buffer, string, string>;
interface Queued {
  readonly message: BusMessage;
  readonly leaderEpoch: number;
}

const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
/** Buffered messages above which the fetch stream is paused (Kafka's max.poll.records-like bound on memory). */
const HIGH_WATER = 5_000;

/**
 * One consumer-group member. The client's stream fetches; this class keeps per-partition queues, hands one
 * partition's batch at a time to the handler, retries it until it succeeds, and only then commits (autocommit
 * off). Offsets already queued or handled are dropped when the stream rewinds to the committed offset after a
 * rebalance, and queues of revoked partitions are discarded (their new owner reads them from the commit).
 */
export class KafkaSubscription implements Subscription {
  private readonly consumer: Consumer<string, Buffer, string, string>;
  private stream: MessagesStream<string, Buffer, string, string> | undefined;
  private readonly queues = new Map<string, Queued[]>();
  /** Per partition: the offset after the last message queued, to drop a rewound stream's repeats. */
  private readonly nextOffsets = new Map<string, bigint>();
  private buffered = 0;
  private readonly stopping = new AbortController();
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> = Promise.resolve();
  private stopped: Promise<void> | undefined;

  constructor(private readonly init: KafkaSubscriptionInit) {
    const { tuning } = init;
    this.consumer = new Consumer({
      clientId: init.clientId,
      groupId: init.options.groupId,
      bootstrapBrokers: init.brokers,
      ...init.connection,
      autocommit: false,
      sessionTimeout: tuning.sessionTimeoutMs,
      heartbeatInterval: tuning.heartbeatIntervalMs,
      rebalanceTimeout: tuning.rebalanceTimeoutMs,
      maxWaitTime: tuning.maxWaitTimeMs,
      deserializers: { key: stringDeserializer, headerKey: stringDeserializer, headerValue: stringDeserializer },
    });
    this.consumer.on('consumer:group:join', ({ assignments }) => this.onAssigned(assignments ?? []));
  }

  /** Resolves once the member has joined its group and the fetch stream is running. */
  async start(): Promise<void> {
    await this.openStream();
    this.loop = this.run();
  }

  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    this.stopping.abort();
    this.wakeUp?.();
    await this.stream?.close().catch((error: unknown) => this.init.logger.warn({ err: error }, 'closing the Kafka stream failed'));
    await this.loop; // the batch in flight finishes and commits
    await this.consumer.close().catch((error: unknown) => this.init.logger.warn({ err: error }, 'leaving the Kafka group failed'));
    this.init.onStopped();
  }

  private async openStream(): Promise<void> {
    const { options } = this.init;
    const stream = await this.consumer.consume({
      topics: [...options.topics],
      autocommit: false,
      mode: 'committed',
      fallbackMode: options.fromBeginning === false ? 'latest' : 'earliest',
      sessionTimeout: this.init.tuning.sessionTimeoutMs,
      heartbeatInterval: this.init.tuning.heartbeatIntervalMs,
      rebalanceTimeout: this.init.tuning.rebalanceTimeoutMs,
    });
    this.stream = stream;
    stream.on('data', (m: KafkaMessage) => this.enqueue(m));
    stream.on('error', (error: Error) => void this.reopen(stream, error));
  }

  /** The client destroys its stream on some group errors: start a fresh one from the committed offsets. */
  private async reopen(failed: MessagesStream<string, Buffer, string, string>, error: Error): Promise<void> {
    if (this.stopping.signal.aborted || this.stream !== failed) return;
    this.init.logger.warn({ err: error, groupId: this.init.options.groupId }, 'Kafka stream failed; reopening');
    this.queues.clear();
    this.nextOffsets.clear();
    this.buffered = 0;
    for (let attempt = 0; !this.stopping.signal.aborted; attempt++) {
      await sleep(backoffDelay(attempt, this.init.backoff), this.stopping.signal);
      try {
        if (!this.stopping.signal.aborted) await this.openStream();
        return;
      } catch (reopenError) {
        this.init.logger.warn({ err: reopenError, attempt }, 'reopening the Kafka stream failed');
      }
    }
  }

  private enqueue(m: KafkaMessage): void {
    const key = tpKey(m.topic, m.partition);
    const expected = this.nextOffsets.get(key);
    if (expected !== undefined && m.offset < expected) return;
    this.nextOffsets.set(key, m.offset + 1n);
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = []));
    queue.push({ message: toBusMessage(m), leaderEpoch: m.leaderEpoch });
    if (++this.buffered >= HIGH_WATER) this.stream?.pause();
    this.wakeUp?.();
  }

  private onAssigned(assignments: readonly { topic: string; partitions: number[] }[]): void {
    const owned = new Set(assignments.flatMap((a) => a.partitions.map((p) => tpKey(a.topic, p))));
    for (const key of [...this.nextOffsets.keys()]) {
      if (owned.has(key)) continue;
      this.buffered -= this.queues.get(key)?.length ?? 0;
      this.queues.delete(key);
      this.nextOffsets.delete(key);
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const entry = [...this.queues].find(([, q]) => q.length > 0);
      if (!entry) {
        await new Promise<void>((resolve) => (this.wakeUp = resolve));
        this.wakeUp = undefined;
        continue;
      }
      const [key, queue] = entry;
      const batch = queue.slice(0, this.init.options.maxBatchSize ?? 500);
      const done = await this.handleWithRetry(batch);
      // Revoked or reopened meanwhile: that queue was already discarded (and subtracted from `buffered`).
      if (!done || this.queues.get(key) !== queue) continue;
      // Rotate: this partition goes to the back, so busy partitions take turns.
      this.queues.delete(key);
      if (queue.length > batch.length) this.queues.set(key, queue.slice(batch.length));
      this.buffered -= batch.length;
      if (this.buffered < HIGH_WATER / 2 && this.stream?.isPaused()) this.stream.resume();
    }
  }

  /** True when the batch was handled (and committed if still ours); false when stopping or revoked meanwhile. */
  private async handleWithRetry(batch: Queued[]): Promise<boolean> {
    const first = batch[0]!.message;
    const last = batch[batch.length - 1]!;
    for (let attempt = 0; ; attempt++) {
      try {
        const hint = await this.init.options.handleBatch(batch.map((q) => q.message));
        const hinted = hint?.get(first.partition);
        await this.commit(first.topic, first.partition, hinted === undefined ? BigInt(last.message.offset) + 1n : BigInt(hinted), last.leaderEpoch);
        return true;
      } catch (error) {
        const delay = backoffDelay(attempt, this.init.backoff);
        this.init.logger.warn(
          { err: error, groupId: this.init.options.groupId, topic: first.topic, partition: first.partition, offset: first.offset, attempt, delay },
          'bus handler failed; retrying the batch',
        );
        await sleep(delay, this.stopping.signal);
        if (this.stopping.signal.aborted || !this.owns(first.topic, first.partition)) return false;
      }
    }
  }

  private async commit(topic: string, partition: number, offset: bigint, leaderEpoch: number): Promise<void> {
    // A revoked partition's commit would overwrite its new owner's progress (classic groups only check the generation).
    if (!this.owns(topic, partition)) return;
    try {
      await this.consumer.commit({ offsets: [{ topic, partition, offset, leaderEpoch }] });
    } catch (error) {
      // Not fatal: the messages stay uncommitted and are delivered again (at least once).
      this.init.logger.warn({ err: error, topic, partition, offset: offset.toString() }, 'Kafka offset commit failed');
    }
  }

  private owns(topic: string, partition: number): boolean {
    return this.consumer.assignments?.some((a) => a.topic === topic && a.partitions.includes(partition)) ?? false;
  }
}

function toBusMessage(m: KafkaMessage): BusMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of m.headerEntries) headers[k] = v;
  return {
    topic: m.topic,
    partition: m.partition,
    offset: m.offset.toString(),
    key: m.key ?? null,
    value: m.value ?? Buffer.alloc(0),
    headers,
    timestamp: Number(m.timestamp),
  };
}
