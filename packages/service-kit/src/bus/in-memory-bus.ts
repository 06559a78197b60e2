import { silentLogger, type Logger } from '../logger';
import type { EventBus, OutgoingMessage, SubscribeOptions, Subscription, TopicSpec } from './event-bus';
import { FileLogStore, type CommitTable } from './file-log-store';
import { ConsumerGroup, type GroupHost } from './in-memory-group';
import { PartitionLog } from './partition-log';
import { partitionFor } from './partitioner';
import { assertTopicName, DEFAULT_RETRY_BACKOFF, UnknownTopicError, type RetryBackoff } from './retry';

export interface InMemoryEventBusOptions {
  /** When set, partition logs and committed offsets are kept here and reloaded by the next instance. */
  readonly dataDir?: string;
  /** Retention: the oldest messages of a partition beyond this count are dropped. Default 1,000,000. */
  readonly maxMessagesPerPartition?: number;
  readonly retryBackoff?: RetryBackoff;
  readonly logger?: Logger;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The embedded profile's bus: Kafka's model (partitions, key hashing, consumer groups, committed offsets,
 * at-least-once) inside one process, so services behave the same embedded and distributed.
 */
export class InMemoryEventBus implements EventBus, GroupHost {
  readonly logger: Logger;
  readonly backoff: RetryBackoff;
  private readonly topics = new Map<string, PartitionLog[]>();
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly commits: CommitTable = new Map();
  private readonly roundRobin = new Map<string, number>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly store: FileLogStore | undefined;
  private readonly maxMessages: number;
  private closed = false;

  constructor(options: InMemoryEventBusOptions = {}) {
    this.logger = options.logger ?? silentLogger();
    this.backoff = options.retryBackoff ?? DEFAULT_RETRY_BACKOFF;
    this.maxMessages = options.maxMessagesPerPartition ?? 1_000_000;
    if (!Number.isInteger(this.maxMessages) || this.maxMessages < 1) {
      throw new RangeError('maxMessagesPerPartition must be a positive integer');
    }
    if (options.dataDir !== undefined) {
      this.store = new FileLogStore(options.dataDir);
      for (const spec of this.store.loadTopics()) {
        this.topics.set(spec.name, this.createLogs(spec));
      }
      for (const [group, byTopic] of this.store.loadCommits()) this.commits.set(group, byTopic);
    }
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    this.assertOpen();
    let created = false;
    for (const spec of specs) {
      assertTopicName(spec.name);
      if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
        throw new RangeError(`Topic ${spec.name}: partitions must be a positive integer`);
      }
      // Like Kafka's CreateTopics on an existing topic: the existing one (and its partition count) is kept.
      if (this.topics.has(spec.name)) continue;
      this.topics.set(spec.name, this.createLogs(spec));
      created = true;
    }
    if (created) this.store?.saveTopics([...this.topics].map(([name, logs]) => ({ name, partitions: logs.length })));
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    const logs = this.topics.get(topic);
    if (!logs) throw new UnknownTopicError(topic);
    const timestamp = Date.now();
    const touched = new Map<PartitionLog, number>();
    for (const m of messages) {
      const log = logs[this.choosePartition(topic, m.key, logs.length)]!;
      if (!touched.has(log)) touched.set(log, log.endOffset);
      const value = typeof m.value === 'string' ? Buffer.from(m.value) : m.value;
      log.append(m.key, value, m.headers ? { ...m.headers } : NO_HEADERS, timestamp);
    }
    if (this.store) {
      for (const [log, from] of touched) this.persist(log, from);
    }
    for (const group of this.groups.values()) group.notify(topic);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    for (const topic of options.topics) if (!this.topics.has(topic)) throw new UnknownTopicError(topic);
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = new ConsumerGroup(options.groupId, this);
      this.groups.set(options.groupId, group);
    }
    const member = group.join(options);
    const subscription: Subscription = {
      stop: async () => {
        await member.stop();
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async committedOffsets(groupId: string, topic: string): Promise<Map<number, string>> {
    const parts = this.commits.get(groupId)?.get(topic);
    return new Map([...(parts ?? [])].map(([p, o]) => [p, String(o)]));
  }

  async endOffsets(topic: string): Promise<Map<number, string>> {
    const logs = this.topics.get(topic);
    if (!logs) throw new UnknownTopicError(topic);
    return new Map(logs.map((log) => [log.partition, String(log.endOffset)]));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.closed = true;
    this.store?.flush();
  }

  // GroupHost: what consumer groups read and write.
  partitions(topic: string): readonly PartitionLog[] {
    return this.topics.get(topic) ?? [];
  }

  committed(groupId: string, topic: string, partition: number): number | undefined {
    return this.commits.get(groupId)?.get(topic)?.get(partition);
  }

  commit(groupId: string, topic: string, partition: number, offset: number): void {
    let byTopic = this.commits.get(groupId);
    if (!byTopic) this.commits.set(groupId, (byTopic = new Map()));
    let parts = byTopic.get(topic);
    if (!parts) byTopic.set(topic, (parts = new Map()));
    parts.set(partition, offset);
    this.store?.scheduleCommits(() => this.commits);
  }

  private choosePartition(topic: string, key: string | null, partitions: number): number {
    if (key !== null) return partitionFor(key, partitions);
    // Keyless messages have no order to keep: spread them (Kafka's sticky partitioner differs, harmlessly).
    const next = this.roundRobin.get(topic) ?? 0;
    this.roundRobin.set(topic, next + 1);
    return next % partitions;
  }

  private createLogs(spec: TopicSpec): PartitionLog[] {
    return Array.from({ length: spec.partitions }, (_, p) => {
      const restored = this.store?.loadPartition(spec.name, p, this.maxMessages);
      return new PartitionLog(spec.name, p, this.maxMessages, restored);
    });
  }

  private persist(log: PartitionLog, fromOffset: number): void {
    const store = this.store!;
    const fresh = log.read(fromOffset, log.endOffset - fromOffset);
    store.append(log.topic, log.partition, fresh);
    if (store.needsCompaction(log.topic, log.partition, this.maxMessages)) {
      store.compact(log.topic, log.partition, log.retained());
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('InMemoryEventBus is closed');
  }
}
