import type { BusMessage } from './event-bus';

/**
 * One partition of the in-memory bus: an append-only array of messages with a moving start offset. Retention drops
 * the oldest messages in chunks (not one `shift()` per append, which is O(n)), so memory stays within
 * maxMessages × (1 + 1/16) and appends stay O(1) amortised.
 */
export class PartitionLog {
  private messages: BusMessage[];
  private base: number;
  private readonly slack: number;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly maxMessages: number,
    restored?: { readonly startOffset: number; readonly messages: BusMessage[] },
  ) {
    this.messages = restored?.messages ?? [];
    this.base = restored?.startOffset ?? 0;
    this.slack = Math.max(1, Math.floor(maxMessages / 16));
  }

  /** Offset of the oldest retained message. */
  get startOffset(): number {
    return this.base;
  }

  /** Offset the next appended message gets. */
  get endOffset(): number {
    return this.base + this.messages.length;
  }

  /** The retained messages, oldest first (for rewriting a compacted file). */
  retained(): readonly BusMessage[] {
    return this.messages;
  }

  append(key: string | null, value: Buffer, headers: Readonly<Record<string, string>>, timestamp: number): BusMessage {
    const message: BusMessage = {
      topic: this.topic,
      partition: this.partition,
      offset: String(this.endOffset),
      key,
      value,
      headers,
      timestamp,
    };
    this.messages.push(message);
    if (this.messages.length > this.maxMessages + this.slack) {
      const drop = this.messages.length - this.maxMessages;
      this.messages = this.messages.slice(drop);
      this.base += drop;
    }
    return message;
  }

  /** Up to `max` messages from offset `from` (clamped to the retained range). */
  read(from: number, max: number): BusMessage[] {
    const start = Math.max(from, this.base) - this.base;
    return this.messages.slice(start, start + max);
  }
}
