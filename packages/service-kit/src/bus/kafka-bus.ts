import type { ConnectionOptions } from 'node:tls';
import { Admin, ListOffsetTimestamps, ProduceAcks, Producer, findErrorBy, stringSerializer } from '@platformatic/kafka';
import { silentLogger, type Logger } from '../logger';
import type { EventBus, OutgoingMessage, SubscribeOptions, Subscription, TopicSpec } from './event-bus';
import { KafkaSubscription, type KafkaConsumerTuning } from './kafka-subscription';
import { kafkaTlsFailure, kafkaTlsOptions, type KafkaTlsConfig } from './kafka-tls';
import { partitionFor } from './partitioner';
import { assertTopicName, DEFAULT_RETRY_BACKOFF, UnknownTopicError, type RetryBackoff } from './retry';

/** Bytes of records per produce request: well under the broker's default 1 MiB message.max.bytes. */
const MAX_REQUEST_BYTES = 512 * 1024;

export interface KafkaBusConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Group timings; the defaults suit small groups on a LAN (Kafka's own defaults rebalance far slower). */
  readonly consumer?: Partial<KafkaConsumerTuning>;
  readonly retryBackoff?: RetryBackoff;
  /** TLS to the brokers for every producer, consumer and admin connection (kafkaTlsFromEnv); plain text when absent. */
  readonly tls?: KafkaTlsConfig | null;
}

const DEFAULT_TUNING: KafkaConsumerTuning = {
  sessionTimeoutMs: 10_000,
  heartbeatIntervalMs: 1_000,
  rebalanceTimeoutMs: 15_000,
  maxWaitTimeMs: 500,
};
/** How long a topic's partition count is trusted before asking the broker again (partitions can be added). */
const METADATA_TTL_MS = 60_000;

/**
 * The distributed profile's bus, on Apache Kafka through @platformatic/kafka. Publishing chooses the partition
 * itself with partitionFor (the client's default partitioner uses `murmur2 >>> 0`, which differs from Java's
 * `toPositive(murmur2)` for half the keys); producers are idempotent with acks=all.
 */
export class KafkaEventBus implements EventBus {
  private readonly producer: Producer<string, Buffer, string, string>;
  private readonly admin: Admin;
  private readonly partitionCounts = new Map<string, { count: number; at: number }>();
  private readonly subscriptions = new Set<KafkaSubscription>();
  private readonly connection: { tls?: ConnectionOptions };
  /** The last TLS error of an admin connection after its handshake (TLS 1.3 brokers refuse a client certificate then). */
  private lastConnectionError: Error | undefined;
  private memberSeq = 0;

  private constructor(
    private readonly config: KafkaBusConfig,
    private readonly logger: Logger,
  ) {
    const bootstrapBrokers = [...config.brokers];
    this.connection = config.tls ? { tls: kafkaTlsOptions(config.tls) } : {};
    this.admin = new Admin({ clientId: `${config.clientId}-admin`, bootstrapBrokers, ...this.connection });
    if (config.tls) {
      // The client answers a closed connection with "Connection closed"; the alert that closed it only reaches here.
      this.admin.on('client:broker:connect', ({ connection }) => connection.on('error', (error) => (this.lastConnectionError = error)));
    }
    this.producer = new Producer({
      clientId: `${config.clientId}-producer`,
      bootstrapBrokers,
      ...this.connection,
      acks: ProduceAcks.ALL,
      idempotent: true,
      autocreateTopics: false,
      serializers: { key: stringSerializer, headerKey: stringSerializer, headerValue: stringSerializer },
    });
  }

  static fromConfig(config: KafkaBusConfig, logger: Logger = silentLogger()): KafkaEventBus {
    if (config.brokers.length === 0) throw new Error('KafkaEventBus: no brokers configured');
    return new KafkaEventBus(config, logger);
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    for (const t of topics) assertTopicName(t.name);
    const existing = new Set(await this.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    for (const t of missing) {
      try {
        await this.admin.createTopics({ topics: [t.name], partitions: t.partitions, replicas: 1 });
      } catch (error) {
        // Another service created it between our list and create: that is the idempotent outcome we want.
        if (!findErrorBy(error as Error, 'apiId', 'TOPIC_ALREADY_EXISTS') && !String(error).includes('already exists')) {
          throw error;
        }
      }
    }
    for (const t of topics) this.partitionCounts.delete(t.name);
    // CreateTopics returns before every broker's metadata cache knows the topic: wait so publish() can use it.
    for (const t of missing) await this.waitForMetadata(t.name);
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const partitions = await this.partitionCount(topic);
    const records = messages.map((m) => ({
      topic,
      key: m.key ?? undefined,
      value: typeof m.value === 'string' ? Buffer.from(m.value) : m.value,
      headers: m.headers ? { ...m.headers } : {},
      // Keyless messages: let the client round-robin, as Kafka does; keyed ones: Java's murmur2 placement.
      ...(m.key === null ? {} : { partition: partitionFor(m.key, partitions) }),
    }));
    // The broker refuses a record batch over its message.max.bytes (1 MiB by default) with MESSAGE_TOO_LARGE, and
    // the client puts a request's records for one partition in one batch: send in requests of bounded size, one
    // after the other so per-partition order holds.
    let chunk: typeof records = [];
    let bytes = 0;
    for (const r of records) {
      const size = r.value.length + (r.key?.length ?? 0) + 64 + Object.entries(r.headers).reduce((n, [k, v]) => n + k.length + v.length, 0);
      if (chunk.length > 0 && bytes + size > MAX_REQUEST_BYTES) {
        await this.producer.send({ messages: chunk });
        chunk = [];
        bytes = 0;
      }
      chunk.push(r);
      bytes += size;
    }
    if (chunk.length > 0) await this.producer.send({ messages: chunk });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    for (const topic of options.topics) await this.partitionCount(topic);
    const subscription = new KafkaSubscription({
      brokers: [...this.config.brokers],
      connection: this.connection,
      clientId: `${this.config.clientId}-${options.groupId}-${++this.memberSeq}`,
      options,
      tuning: { ...DEFAULT_TUNING, ...this.config.consumer },
      backoff: this.config.retryBackoff ?? DEFAULT_RETRY_BACKOFF,
      logger: this.logger,
      onStopped: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      await subscription.stop();
      throw error;
    }
    return subscription;
  }

  async committedOffsets(groupId: string, topic: string): Promise<Map<number, string>> {
    const partitions = await this.partitionCount(topic);
    const [group] = await this.admin.listConsumerGroupOffsets({
      groups: [{ groupId, topics: [{ name: topic, partitionIndexes: range(partitions) }] }],
    });
    const result = new Map<number, string>();
    for (const p of group?.topics.find((t) => t.name === topic)?.partitions ?? []) {
      // -1 is Kafka's "no committed offset"; the port reports only partitions that have one.
      if (p.committedOffset >= 0n) result.set(p.partitionIndex, p.committedOffset.toString());
    }
    return result;
  }

  async endOffsets(topic: string): Promise<Map<number, string>> {
    const partitions = await this.partitionCount(topic);
    const listed = await this.admin.listOffsets({
      topics: [{ name: topic, partitions: range(partitions).map((p) => ({ partitionIndex: p, timestamp: ListOffsetTimestamps.LATEST })) }],
    });
    const result = new Map<number, string>();
    for (const p of listed.find((t) => t.name === topic)?.partitions ?? []) result.set(p.partitionIndex, p.offset.toString());
    return result;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await Promise.all([this.producer.close(), this.admin.close()]);
  }

  private async partitionCount(topic: string): Promise<number> {
    const cached = this.partitionCounts.get(topic);
    if (cached && Date.now() - cached.at < METADATA_TTL_MS) return cached.count;
    // listTopics answers at once; metadata() for a missing topic retries for seconds before failing.
    if (!(await this.listTopics()).includes(topic)) throw new UnknownTopicError(topic);
    const metadata = await this.admin.metadata({ topics: [topic], forceUpdate: true });
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
    if (count < 1) throw new UnknownTopicError(topic);
    this.partitionCounts.set(topic, { count, at: Date.now() });
    return count;
  }

  /**
   * The first request of ensureTopics, publish and subscribe: a TLS failure (untrusted broker certificate, wrong name)
   * surfaces here as KAFKA_TLS_HANDSHAKE_FAILED rather than deep inside the client's nested retry errors.
   */
  private async listTopics(): Promise<string[]> {
    try {
      const topics = await this.admin.listTopics();
      this.lastConnectionError = undefined;
      return topics;
    } catch (error) {
      const seen = this.lastConnectionError;
      this.lastConnectionError = undefined;
      throw kafkaTlsFailure(error) ?? (seen ? kafkaTlsFailure(new AggregateError([error, seen], (error as Error).message)) : null) ?? error;
    }
  }

  private async waitForMetadata(topic: string): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        const metadata = await this.admin.metadata({ topics: [topic], forceUpdate: true });
        const partitions = metadata.topics.get(topic)?.partitions ?? [];
        if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) return;
      } catch {
        // not visible yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.logger.warn({ topic }, 'topic created but its metadata is still incomplete after 5 s');
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
