/** The part of a `ws` WebSocket a client needs; a fake implements it in unit tests. */
export interface ClientSocket {
  send(data: string, cb: (err?: Error) => void): void;
  ping(): void;
  close(code: number, reason: string): void;
  terminate(): void;
}

/** Close code 1013 "Try Again Later": the client fell too far behind. */
export const CLOSE_TOO_SLOW = 1013;

/**
 * One dashboard connection with a bounded send buffer. Until `open(snapshot)` runs, updates queue behind the
 * snapshot (the first message must be it); afterwards they go to the socket. Bytes handed to the socket but not
 * yet written count against the bound: a client that stops reading is closed with 1013 instead of growing memory.
 */
export class WsClient {
  #pendingBytes = 0;
  #queue: string[] | null = [];
  #closed = false;
  alive = true;

  constructor(
    private readonly socket: ClientSocket,
    private readonly maxBufferedBytes: number,
    private readonly onGone: (client: WsClient) => void,
  ) {}

  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Sends the snapshot, then what queued while it was built. */
  open(snapshot: string): void {
    if (this.#closed) return;
    const queued = this.#queue ?? [];
    this.#queue = null;
    this.#pendingBytes += Buffer.byteLength(snapshot);
    this.#write(snapshot);
    for (const m of queued) if (!this.#closed) this.#write(m);
  }

  send(message: string): void {
    if (this.#closed) return;
    if (!this.#admit(message)) return;
    this.#pendingBytes += Buffer.byteLength(message);
    if (this.#queue) this.#queue.push(message);
    else this.#write(message);
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

  #admit(message: string): boolean {
    // One message always fits (a large snapshot must not lock a client out); beyond that, the bound holds.
    if (this.#pendingBytes > 0 && this.#pendingBytes + Buffer.byteLength(message) > this.maxBufferedBytes) {
      this.close(CLOSE_TOO_SLOW, 'client too slow');
      return false;
    }
    return true;
  }

  /** Bytes were counted when the message was admitted; they are released once the socket wrote them. */
  #write(message: string): void {
    const bytes = Buffer.byteLength(message);
    this.socket.send(message, () => {
      this.#pendingBytes -= bytes;
    });
  }

  #gone(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = null;
    this.onGone(this);
  }
}
