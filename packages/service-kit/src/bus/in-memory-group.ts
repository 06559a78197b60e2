import type { Logger } from '../logger';
import type { SubscribeOptions, Subscription } from './event-bus';
import type { PartitionLog } from './partition-log';
import { backoffDelay, sleep, type RetryBackoff } from './retry';

/** What a group member needs from the bus: the partitions of a topic, and where committed offsets live. */
export interface GroupHost {
  partitions(topic: string): readonly PartitionLog[];
  committed(groupId: string, topic: string, partition: number): number | undefined;
  commit(groupId: string, topic: string, partition: number, offset: number): void;
  readonly logger: Logger;
  readonly backoff: RetryBackoff;
}

const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/**
 * The members of one consumer group and who owns which partition. Assignment is Kafka's range assignor, per topic,
 * over the members subscribed to it (sorted by join order): members = [A, B], partitions 0..4 → A: 0,1,2 B: 3,4.
 * A rebalance (join or leave) moves ownership at once; a batch in flight on a moved partition is not committed, so
 * its messages go to the new owner again (at least once, as a Kafka commit with a stale generation is refused).
 */
export class ConsumerGroup {
  private readonly members: GroupMember[] = [];
  private readonly owners = new Map<string, GroupMember>();

  constructor(
    readonly groupId: string,
    private readonly host: GroupHost,
  ) {}

  get size(): number {
    return this.members.length;
  }

  join(options: SubscribeOptions): GroupMember {
    const member = new GroupMember(this, this.host, options);
    this.members.push(member);
    this.rebalance();
    member.start();
    return member;
  }

  leave(member: GroupMember): void {
    const i = this.members.indexOf(member);
    if (i >= 0) this.members.splice(i, 1);
    this.rebalance();
  }

  owns(member: GroupMember, topic: string, partition: number): boolean {
    return this.owners.get(tpKey(topic, partition)) === member;
  }

  /** Wakes the members owning partitions of `topic` (called after an append). */
  notify(topic: string): void {
    for (const m of this.members) if (m.topics.includes(topic)) m.wake();
  }

  private rebalance(): void {
    this.owners.clear();
    const assigned = new Map<GroupMember, PartitionLog[]>(this.members.map((m) => [m, []]));
    const topics = new Set(this.members.flatMap((m) => m.topics));
    for (const topic of topics) {
      const subscribers = this.members.filter((m) => m.topics.includes(topic));
      const logs = this.host.partitions(topic);
      const per = Math.floor(logs.length / subscribers.length);
      const extra = logs.length % subscribers.length;
      let next = 0;
      subscribers.forEach((member, i) => {
        const count = per + (i < extra ? 1 : 0);
        for (const log of logs.slice(next, next + count)) {
          this.owners.set(tpKey(topic, log.partition), member);
          assigned.get(member)!.push(log);
        }
        next += count;
      });
    }
    for (const [member, logs] of assigned) member.assign(logs);
  }
}

/** One subscribe() call: a loop that hands batches of its partitions to the handler and commits after each. */
export class GroupMember implements Subscription {
  readonly topics: readonly string[];
  private owned: PartitionLog[] = [];
  private readonly positions = new Map<string, number>();
  private readonly stopping = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private pendingWake = false;
  private resolveWake: (() => void) | undefined;
  private turn = 0;

  constructor(
    private readonly group: ConsumerGroup,
    private readonly host: GroupHost,
    private readonly options: SubscribeOptions,
  ) {
    this.topics = [...options.topics];
  }

  start(): void {
    this.loop = this.run();
  }

  /** Keeps the position of partitions it already had; new ones start at the committed offset (or the reset point). */
  assign(logs: PartitionLog[]): void {
    const kept = new Set(logs.map((l) => tpKey(l.topic, l.partition)));
    for (const key of this.positions.keys()) if (!kept.has(key)) this.positions.delete(key);
    for (const log of logs) {
      const key = tpKey(log.topic, log.partition);
      if (this.positions.has(key)) continue;
      const committed = this.host.committed(this.group.groupId, log.topic, log.partition);
      const reset = this.options.fromBeginning === false ? log.endOffset : log.startOffset;
      this.positions.set(key, committed ?? reset);
    }
    this.owned = logs;
    this.wake();
  }

  wake(): void {
    this.pendingWake = true;
    this.resolveWake?.();
  }

  async stop(): Promise<void> {
    if (!this.stopping.signal.aborted) {
      this.stopping.abort();
      this.wake();
      await this.loop;
      this.group.leave(this);
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      this.pendingWake = false;
      const log = this.nextReadyPartition();
      if (log) {
        await this.handleOneBatch(log);
        // Yield to the event loop between batches so publishers, timers and other members get their turn.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else if (!this.pendingWake) {
        await new Promise<void>((resolve) => (this.resolveWake = resolve));
        this.resolveWake = undefined;
      }
    }
  }

  /** Round-robin over owned partitions with unread messages, so one busy partition cannot starve the others. */
  private nextReadyPartition(): PartitionLog | undefined {
    const n = this.owned.length;
    for (let i = 0; i < n; i++) {
      const log = this.owned[(this.turn + i) % n]!;
      if ((this.positions.get(tpKey(log.topic, log.partition)) ?? log.endOffset) < log.endOffset) {
        this.turn = (this.turn + i + 1) % n;
        return log;
      }
    }
    return undefined;
  }

  private async handleOneBatch(log: PartitionLog): Promise<void> {
    const key = tpKey(log.topic, log.partition);
    const batch = log.read(this.positions.get(key) ?? log.startOffset, this.options.maxBatchSize ?? 500);
    if (batch.length === 0) return;
    const end = Number(batch[batch.length - 1]!.offset) + 1;
    for (let attempt = 0; ; attempt++) {
      try {
        const hint = await this.options.handleBatch(batch);
        // Ownership moved while the handler ran: the new owner reads these again from the committed offset.
        if (!this.group.owns(this, log.topic, log.partition)) return;
        const hinted = hint?.get(log.partition);
        this.positions.set(key, end);
        this.host.commit(this.group.groupId, log.topic, log.partition, hinted === undefined ? end : Number(hinted));
        return;
      } catch (error) {
        const delay = backoffDelay(attempt, this.host.backoff);
        this.host.logger.warn(
          { err: error, groupId: this.group.groupId, topic: log.topic, partition: log.partition, offset: batch[0]!.offset, attempt, delay },
          'bus handler failed; retrying the batch',
        );
        await sleep(delay, this.stopping.signal);
        if (this.stopping.signal.aborted || !this.group.owns(this, log.topic, log.partition)) return;
      }
    }
  }
}
