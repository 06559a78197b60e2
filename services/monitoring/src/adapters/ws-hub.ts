import type { Alert, WsEventMessage, WsMessage, WsRawTopic } from '@vigie/contracts';
import type { Logger } from '@vigie/service-kit';
import type { WebSocket } from 'ws';
import { SENSOR_RELAY_INTERVAL_MS, SensorDecimator } from '../domain/sensor-decimator';
import type { AlertChangeSource } from './alert-event-repository';
import { WsClient } from './ws-client';

export interface WsHubOptions {
  readonly maxBufferedBytes: number;
  readonly pingIntervalMs: number;
  /** Where numbered alert changes are read from (alert_events). */
  readonly alertChanges: AlertChangeSource;
  readonly logger: Logger;
  /** How often alert_events is polled besides the pushes that follow each local change. */
  readonly alertPollIntervalMs?: number;
  readonly now?: () => number;
}

/** What use-cases hand to `broadcast`: entity updates; an alert is read back from alert_events with its seq. */
type EntityUpdate = Extract<WsMessage, { type: 'services' | 'asset' | 'anomaly' | 'rul' | 'work-order' }>;
export type HubUpdate = EntityUpdate | { readonly type: 'alert'; readonly alert: Alert };

/** Changes read per alert_events query; a backlog is read in pages of this many. */
const ALERT_PAGE = 500;

/**
 * The dashboards connected to /ws/monitoring: per-client fan-out of entity updates (each client's topic and asset
 * filter applies), numbered alert changes in seq order, raw-stream events to the clients that asked for them
 * (sensor data decimated first), keepalive, and an orderly close on shutdown.
 */
export class WsHub {
  readonly #clients = new Set<WsClient>();
  readonly #decimator = new SensorDecimator();
  readonly #now: () => number;
  #keepalive: NodeJS.Timeout | undefined;
  #alertPoll: NodeJS.Timeout | undefined;
  #decimatorTimer: NodeJS.Timeout | undefined;
  /** The seq of the last alert change fanned out; null until `start()` read where the table stands. */
  #alertSeq: number | null = null;
  #pumping: Promise<void> | null = null;
  #pumpAgain = false;

  constructor(private readonly options: WsHubOptions) {
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#clients.size;
  }

  get alertChanges(): AlertChangeSource {
    return this.options.alertChanges;
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

  /** Serialised once, queued for every client whose subscriptions want it (each with its own bound). */
  broadcast(update: HubUpdate): void {
    if (update.type === 'alert') {
      this.pumpAlerts();
      return;
    }
    if (this.#clients.size === 0) return;
    const route = routeOf(update);
    const text = JSON.stringify(update);
    for (const c of this.#clients) {
      if (c.subscriptions.wants(route.topic, route.assetId)) c.enqueue({ kind: 'entity', key: route.key, text });
    }
  }

  /** Relays one raw-stream payload to the clients subscribed to (topic, asset); sensor data is decimated first. */
  publishRaw(message: WsEventMessage): void {
    if (!this.#wanted(message.topic, message.assetId)) return;
    if (message.topic !== 'sensor-data') {
      this.#fanOutRaw(message);
      return;
    }
    const relayed = this.#decimator.offer(message.payload, this.#now());
    if (relayed) this.#fanOutRaw({ ...message, payload: relayed });
    this.#scheduleDecimator();
  }

  /** Reads alert changes newer than the last one fanned out and queues them, in seq order. Runs one at a time. */
  pumpAlerts(): Promise<void> {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return this.#pumping;
    }
    this.#pumping = (async () => {
      do {
        this.#pumpAgain = false;
        await this.#readAlerts();
      } while (this.#pumpAgain);
    })()
      .catch((err: unknown) => this.options.logger.error({ err }, 'cannot read alert changes for /ws/monitoring'))
      .finally(() => {
        this.#pumping = null;
      });
    return this.#pumping;
  }

  /** Reads where the alert changes stand, then keeps pinging clients and polling alert changes. */
  async start(): Promise<void> {
    this.#alertSeq ??= await this.options.alertChanges.currentSeq();
    this.#keepalive ??= setInterval(() => {
      for (const c of this.#clients) c.heartbeat();
    }, this.options.pingIntervalMs);
    this.#keepalive.unref();
    this.#alertPoll ??= setInterval(() => void this.pumpAlerts(), this.options.alertPollIntervalMs ?? 1000);
    this.#alertPoll.unref();
  }

  /** Stops the timers and closes every client with 1001 (going away). */
  async stop(): Promise<void> {
    clearInterval(this.#keepalive);
    clearInterval(this.#alertPoll);
    clearTimeout(this.#decimatorTimer);
    this.#keepalive = this.#alertPoll = this.#decimatorTimer = undefined;
    await this.#pumping;
    for (const c of [...this.#clients]) c.close(1001, 'server shutting down');
  }

  async #readAlerts(): Promise<void> {
    for (;;) {
      if (this.#alertSeq === null) return;
      const changes = await this.options.alertChanges.since(this.#alertSeq, ALERT_PAGE);
      for (const { seq, alert } of changes) {
        const text = JSON.stringify({ type: 'alert', alert, seq });
        for (const c of this.#clients) if (c.subscriptions.wants('alert', alert.assetId)) c.enqueue({ kind: 'alert', seq, text });
        this.#alertSeq = seq;
      }
      if (changes.length < ALERT_PAGE) return;
    }
  }

  #wanted(topic: WsRawTopic, assetId: string): boolean {
    for (const c of this.#clients) if (c.subscriptions.wants(topic, assetId)) return true;
    return false;
  }

  #fanOutRaw(message: WsEventMessage): void {
    const text = JSON.stringify(message);
    for (const c of this.#clients) {
      if (c.subscriptions.wants(message.topic, message.assetId)) c.enqueue({ kind: 'raw', topic: message.topic, text });
    }
  }

  /** Releases held sensor values once their interval is over, so the last value of a burst is not stuck. */
  #scheduleDecimator(): void {
    if (this.#decimatorTimer !== undefined || this.#decimator.pendingCount === 0) return;
    this.#decimatorTimer = setTimeout(() => {
      this.#decimatorTimer = undefined;
      for (const payload of this.#decimator.due(this.#now())) {
        if (this.#wanted('sensor-data', payload.assetId))
          this.#fanOutRaw({ type: 'event', topic: 'sensor-data', assetId: payload.assetId, payload });
      }
      this.#scheduleDecimator();
    }, SENSOR_RELAY_INTERVAL_MS / 5);
    this.#decimatorTimer.unref();
  }
}

/** The subscription topic, asset (null: not about one) and coalescing key of an entity update. */
function routeOf(update: EntityUpdate): { topic: EntityUpdate['type']; assetId: string | null; key: string } {
  switch (update.type) {
    case 'services':
      return { topic: 'services', assetId: null, key: 'services' };
    case 'asset':
      return { topic: 'asset', assetId: update.asset.id, key: `asset:${update.asset.id}` };
    case 'anomaly':
      return { topic: 'anomaly', assetId: update.anomaly.assetId, key: `anomaly:${update.anomaly.assetId}` };
    case 'rul':
      return { topic: 'rul', assetId: update.prediction.assetId, key: `rul:${update.prediction.assetId}` };
    case 'work-order':
      return { topic: 'work-order', assetId: update.workOrder.assetId, key: `work-order:${update.workOrder.id}` };
  }
}
