import type { WsMessage } from '@vigie/contracts';
import type { WebSocket } from 'ws';
import { WsClient } from './ws-client';

export interface WsHubOptions {
  readonly maxBufferedBytes: number;
  readonly pingIntervalMs: number;
}

/** The dashboards connected to /ws/monitoring: fan-out of every update, keepalive, orderly close on shutdown. */
export class WsHub {
  readonly #clients = new Set<WsClient>();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: WsHubOptions) {}

  get size(): number {
    return this.#clients.size;
  }

  /** Registers a socket; the caller sends the snapshot with `client.open(...)` when it is built. */
  attach(socket: WebSocket): WsClient {
    const client = new WsClient(socket, this.options.maxBufferedBytes, (c) => this.#clients.delete(c));
    this.#clients.add(client);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('close', () => client.detach());
    socket.on('error', () => client.detach());
    return client;
  }

  /** Serialised once, sent to every client (each with its own bound). */
  broadcast(message: WsMessage): void {
    if (this.#clients.size === 0) return;
    const text = JSON.stringify(message);
    for (const c of this.#clients) c.send(text);
  }

  startKeepalive(): void {
    this.#timer ??= setInterval(() => {
      for (const c of this.#clients) c.heartbeat();
    }, this.options.pingIntervalMs);
    this.#timer.unref();
  }

  /** Stops pinging and closes every client with 1001 (going away). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const c of [...this.#clients]) c.close(1001, 'server shutting down');
  }
}
