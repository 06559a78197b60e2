/**
 * The event-bus port. Two adapters implement it with the same semantics (checked by one contract suite in
 * @vigie/service-kit-testing): the in-process bus of the embedded profile and Kafka in the distributed profile.
 *
 * Semantics (Kafka's): a topic has N partitions; a message's partition is chosen by hashing its key
 * (murmur2, as Kafka's default partitioner, so both adapters place a key on the same partition); order is kept
 * per partition; consumers in one group share the partitions; each group keeps a committed offset per partition
 * (the next offset to read) and a consumer that (re)joins resumes from it; delivery is at least once.
 */
export interface BusMessage {
  readonly topic: string;
  readonly partition: number;
  /** Offset within the partition, as a decimal string (Kafka offsets are int64). */
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  /** Broker/append timestamp in epoch milliseconds. */
  readonly timestamp: number;
}

export interface OutgoingMessage {
  readonly key: string | null;
  readonly value: Buffer | string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * What a batch handler may return: for each partition present in the batch, the offset to commit (the next
 * offset to read). Omitted partitions are committed past the last message of the batch. Lets stateful
 * consumers (windowing) hold the commit back to the first message still needed after a restart.
 */
export type CommitHint = ReadonlyMap<number, string> | void;

export interface SubscribeOptions {
  readonly topics: readonly string[];
  readonly groupId: string;
  /** Where a group with no committed offset starts. Default 'earliest'. */
  readonly fromBeginning?: boolean;
  /** Called with messages of one topic-partition at a time, in offset order. Throwing stops the subscription
   * from committing that batch; the adapter retries it (with backoff) so nothing is lost. */
  readonly handleBatch: (batch: readonly BusMessage[]) => Promise<CommitHint>;
  /** Upper bound of messages per handleBatch call. Default 500. */
  readonly maxBatchSize?: number;
}

export interface Subscription {
  /** Stops fetching, waits for the in-flight batch, commits what was handled, leaves the group. */
  stop(): Promise<void>;
}

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
}

export interface EventBus {
  /** Creates missing topics (idempotent). */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Appends messages; resolves once they are durable in the log (Kafka: acks=all). */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Committed offsets of a group on a topic (partition → next offset), for lag and tests. */
  committedOffsets(groupId: string, topic: string): Promise<Map<number, string>>;
  /** End offsets (partition → offset of the next message to be written). */
  endOffsets(topic: string): Promise<Map<number, string>>;
  close(): Promise<void>;
}
