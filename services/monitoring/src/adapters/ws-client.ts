import type { WsRawTopic } from '@vigie/contracts';
import { ClientSubscriptions } from '../domain/ws-subscriptions';

/** The part of a `ws` WebSocket a client needs; a fake implements it in unit tests. */
export interface ClientSocket {
  send(data: string, cb: (err?: Error) => void): void;
  ping(): void;
  close(code: number, reason: string): void;
  terminate(): void;
}

/** Close code 1013 "Try Again Later": the client fell too far behind (it reconnects with ?sinceSeq= to catch up). */
export const CLOSE_TOO_SLOW = 1013;

/** Bytes handed to the socket at once; the rest waits in the client's own queue, where it can coalesce or drop. */
export const WRITE_WINDOW_BYTES = 64 * 1024;

/**
 * One message for a client, by how it behaves under backpressure: alerts and control messages are never dropped,
 * an entity update replaces a queued one with the same key (latest per asset / work order), raw-stream events are
 * dropped oldest first (the client is told how many with a `dropped` notice).
 */
export type Outgoing =
  | { readonly kind: 'alert'; readonly seq: number; readonly text: string }
  | { readonly kind: 'entity'; readonly key: string; readonly text: string }
  | { readonly kind: 'raw'; readonly topic: WsRawTopic; readonly text: string }
  | { readonly kind: 'control'; readonly text: string };

interface Entry {
  readonly item: Outgoing;
  text: string;
  bytes: number;
  removed: boolean;
}

/**
 * One dashboard connection with a bounded send buffer (bytes written to the socket but not flushed, plus its own
 * queue). Until `open(...)` runs, everything queues behind the snapshot (the first message must be it). When the
 * bound is hit, raw events are dropped oldest first; if what is left (alerts, coalesced entities) still does not fit,
 * the client is closed with 1013 rather than losing an alert or growing memory.
 */
export class WsClient {
  readonly subscriptions = new ClientSubscriptions();
  #inFlight = 0;
  #queuedBytes = 0;
  #queue: Entry[] = [];
  #head = 0;
  readonly #byKey = new Map<string, Entry>();
  #raws: Entry[] = [];
  #rawHead = 0;
  readonly #droppedByTopic = new Map<WsRawTopic, number>();
  #opening = true;
  /** Alerts with seq ≤ this were in the snapshot or the replay: live copies of them are skipped. */
  #alertSeq = 0;
  #closed = false;
  #droppedTotal = 0;
  alive = true;

  constructor(
    private readonly socket: ClientSocket,
    private readonly maxBufferedBytes: number,
    private readonly onGone: (client: WsClient) => void,
    private readonly writeWindowBytes = Math.min(WRITE_WINDOW_BYTES, maxBufferedBytes),
  ) {}

  /** Bytes not yet flushed to the network: in the socket plus queued here. */
  get pendingBytes(): number {
    return this.#inFlight + this.#queuedBytes;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Raw events dropped for this client since it connected. */
  get droppedEvents(): number {
    return this.#droppedTotal;
  }

  /**
   * Sends `first` (the snapshot, then any replayed alert changes and the `resumed` marker) ahead of everything queued
   * meanwhile; queued alerts already covered (seq ≤ `alertSeq`) are skipped. `first` always goes out, whatever its size.
   */
  open(first: readonly string[], alertSeq: number): void {
    if (this.#closed || !this.#opening) return;
    this.#opening = false;
    this.#alertSeq = Math.max(this.#alertSeq, alertSeq);
    for (const text of first) this.#write(text);
    for (let i = this.#head; i < this.#queue.length; i++) {
      const e = this.#queue[i] as Entry;
      if (!e.removed && e.item.kind === 'alert' && e.item.seq <= alertSeq) this.#discard(e);
    }
    this.#drain();
  }

  enqueue(item: Outgoing): void {
    if (this.#closed) return;
    if (item.kind === 'alert') {
      if (item.seq <= this.#alertSeq) return;
      this.#alertSeq = item.seq;
    }
    const bytes = Buffer.byteLength(item.text);
    const same = item.kind === 'entity' ? this.#byKey.get(item.key) : undefined;
    if (same) {
      this.#queuedBytes += bytes - same.bytes;
      same.text = item.text;
      same.bytes = bytes;
    } else {
      const entry: Entry = { item, text: item.text, bytes, removed: false };
      this.#queue.push(entry);
      this.#queuedBytes += bytes;
      if (item.kind === 'entity') this.#byKey.set(item.key, entry);
      if (item.kind === 'raw') this.#raws.push(entry);
    }
    if (!this.#fits()) return;
    this.#drain();
  }

  /** Called on each keepalive tick: a client that did not answer the previous ping is dropped. */
  heartbeat(): void {
    if (this.#closed) return;
    if (!this.alive) {
      this.#gone();
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#gone();
    this.socket.close(code, reason);
  }

  /** The socket closed on its own. */
  detach(): void {
    this.#gone();
  }

  /** Drops raw events oldest first until the bound holds; closes with 1013 when only undroppable ones are left. */
  #fits(): boolean {
    while (this.pendingBytes > this.maxBufferedBytes && this.#rawHead < this.#raws.length) {
      const oldest = this.#raws[this.#rawHead++] as Entry;
      if (oldest.removed) continue;
      this.#discard(oldest);
      const topic = (oldest.item as Extract<Outgoing, { kind: 'raw' }>).topic;
      this.#droppedByTopic.set(topic, (this.#droppedByTopic.get(topic) ?? 0) + 1);
      this.#droppedTotal += 1;
    }
    if (this.#rawHead > 1024 && this.#rawHead * 2 > this.#raws.length) {
      this.#raws = this.#raws.slice(this.#rawHead);
      this.#rawHead = 0;
    }
    // One message always fits (a large snapshot must not lock a client out); beyond that, the bound holds.
    const alone = this.#inFlight === 0 && this.#queue.length - this.#head <= 1;
    if (this.pendingBytes > this.maxBufferedBytes && !alone) {
      this.close(CLOSE_TOO_SLOW, 'client too slow');
      return false;
    }
    return true;
  }

  #discard(entry: Entry): void {
    entry.removed = true;
    this.#queuedBytes -= entry.bytes;
    if (entry.item.kind === 'entity' && this.#byKey.get(entry.item.key) === entry) this.#byKey.delete(entry.item.key);
  }

  /** Hands queued messages to the socket while less than a window is in flight; drop notices go first. */
  #drain(): void {
    while (!this.#opening && !this.#closed && this.#inFlight < this.writeWindowBytes) {
      if (this.#droppedByTopic.size > 0) {
        for (const [topic, count] of this.#droppedByTopic) this.#write(JSON.stringify({ type: 'dropped', topic, count }));
        this.#droppedByTopic.clear();
        continue;
      }
      const entry = this.#queue[this.#head];
      if (entry === undefined) break;
      this.#head += 1;
      if (entry.removed) continue;
      this.#discard(entry);
      this.#write(entry.text);
    }
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
      this.#raws = [];
      this.#rawHead = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }

  /** In-flight bytes are released once the socket wrote them, which may let more of the queue go. */
  #write(text: string): void {
    const bytes = Buffer.byteLength(text);
    this.#inFlight += bytes;
    this.socket.send(text, () => {
      this.#inFlight -= bytes;
      this.#drain();
    });
  }

  #gone(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    this.#raws = [];
    this.#byKey.clear();
    this.onGone(this);
  }
}
