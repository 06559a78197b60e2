/**
 * MQTT source: subscribes to a broker (JSON payloads through a mapping, or Sparkplug B) and hands readings to the
 * ingestion pipeline in batches. Same shape as the OPC UA source so the source manager runs either.
 */
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { AssetSpec, Reading } from '@vigie/plant-simulator';
import type { SourceLogger, SourceState } from './opcua-source';
import type { MqttSourceConfig } from '../sources/mqtt-config';
import { createMessageHandler, type MessageOutcome, type MessageProblem } from '../sources/mqtt-handlers';
import { createReadingBatcher } from '../sources/mqtt-batcher';
import { mergeCatalog } from '../sources/sparkplug-mapping';

export interface MqttSourceStats {
  messages: number;
  readings: number;
  /** Messages (or Sparkplug protocol events) that produced no reading, by code: BAD_JSON, SEQ_GAP… */
  problems: Record<string, number>;
  commandsSent: number;
  reconnects: number;
}

export interface MqttSource {
  start(): Promise<void>;
  stop(): Promise<void>;
  catalog(): AssetSpec[];
  state(): SourceState;
  stats(): MqttSourceStats;
}

export interface MqttSourceOptions {
  config: MqttSourceConfig;
  onReadings: (readings: Reading[]) => void | Promise<void>;
  onStatus?: (status: { state: SourceState; error?: string }) => void;
  logger?: SourceLogger;
  /** A batch leaves after this long or at `maxBatch` readings, whichever comes first. */
  flushIntervalMs?: number;
  maxBatch?: number;
  /** How long start() waits for the first CONNACK before failing. */
  connectTimeoutMs?: number;
  reconnectPeriodMs?: number;
}

const silent: SourceLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createMqttSource(options: MqttSourceOptions): MqttSource {
  const { config, onReadings, onStatus, logger = silent, flushIntervalMs = 100, maxBatch = 1000 } = options;
  const handler = createMessageHandler(config);
  const stats: MqttSourceStats = { messages: 0, readings: 0, problems: {}, commandsSent: 0, reconnects: 0 };
  let client: MqttClient | null = null;
  let current: SourceState = 'stopped';
  /** Set while start() waits: it resolves on the first SUBACK, so nothing published after start() is missed. */
  let firstSubscribed: (() => void) | null = null;
  const batcher = createReadingBatcher({
    deliver: onReadings,
    onError: (error, size) => logger.error({ source: config.id, error: String(error), size }, 'onReadings failed'),
    flushIntervalMs,
    maxBatch,
  });

  const setState = (state: SourceState, error?: string): void => {
    current = state;
    onStatus?.(error === undefined ? { state } : { state, error });
  };

  const report = (p: MessageProblem): void => {
    const n = (stats.problems[p.code] ?? 0) + 1;
    stats.problems[p.code] = n;
    // The first few of each kind in full, then one line per thousand: a noisy device must not flood the log.
    if (n <= 5 || n % 1000 === 0) logger.warn({ source: config.id, ...p, count: n }, 'MQTT message not ingested');
  };

  const onMessage = (topic: string, payload: Buffer): void => {
    stats.messages++;
    let outcome: MessageOutcome;
    try {
      outcome = handler.handle(topic, payload, Date.now());
    } catch (error) {
      // A handler bug on one message must not take the connection down with it.
      return report({ code: 'HANDLER_ERROR', detail: String(error), topic });
    }
    outcome.problems.forEach(report);
    for (const c of outcome.commands) {
      stats.commandsSent++;
      client?.publish(c.topic, Buffer.from(c.payload), { qos: 0, retain: false });
      logger.info({ source: config.id, topic: c.topic }, 'Sparkplug rebirth requested');
    }
    if (outcome.readings.length === 0) return;
    stats.readings += outcome.readings.length;
    batcher.push(outcome.readings);
  };

  // Subscribing on every CONNACK (rather than mqtt.js `resubscribe`) also covers a broker that lost its
  // sessions in a restart, whatever the clean-session flag.
  const subscribe = (c: MqttClient): void => {
    c.subscribe(Object.fromEntries(handler.filters.map((topic) => [topic, { qos: config.qos }])), (error, granted) => {
      if (error) return setState('reconnecting', `subscribe failed: ${error.message}`);
      // MQTT 3.1.1 refuses with 0x80; MQTT 5 with a reason code ≥ 0x80, both reported in `qos`.
      const refused = (granted ?? []).filter((g) => g.qos >= 0x80).map((g) => g.topic);
      if (refused.length > 0) logger.warn({ source: config.id, refused }, 'broker refused subscriptions');
      setState('connected', refused.length > 0 ? `refused: ${refused.join(', ')}` : undefined);
      firstSubscribed?.();
    });
  };

  return {
    catalog: () => mergeCatalog(config.assets, handler.learned()),
    state: () => current,
    stats: () => structuredClone(stats),
    start() {
      if (client) return Promise.resolve();
      setState('connecting');
      const clientOptions: IClientOptions = {
        clientId: config.clientId ?? `vigie-${config.id}-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
        protocolVersion: config.protocolVersion,
        clean: true,
        keepalive: 30,
        reconnectPeriod: options.reconnectPeriodMs ?? 1000,
        connectTimeout: 5000,
        resubscribe: false,
        ...(config.username !== undefined ? { username: config.username } : {}),
        ...(config.password !== undefined ? { password: config.password } : {}),
      };
      const c = connect(config.url, clientOptions);
      client = c;
      c.on('message', onMessage);
      c.on('connect', () => subscribe(c));
      c.on('reconnect', () => { stats.reconnects++; setState('reconnecting'); });
      c.on('close', () => { if (current === 'connected') setState('reconnecting', 'connection to the broker lost'); });
      // Once per distinct error: an outage retried every second must not write a line per attempt.
      let lastError = '';
      c.on('connect', () => { lastError = ''; });
      c.on('error', (error) => {
        if (error.message !== lastError) logger.warn({ source: config.id, error: error.message }, 'MQTT client error');
        lastError = error.message;
      });
      const timeoutMs = options.connectTimeoutMs ?? 15_000;
      return new Promise<void>((resolve, reject) => {
        const settle = (): void => {
          clearTimeout(deadline);
          firstSubscribed = null;
          c.removeListener('error', early);
        };
        const fail = (error: Error): void => {
          settle();
          client = null;
          c.end(true);
          setState('stopped', error.message);
          reject(error);
        };
        const ok = (): void => {
          settle();
          logger.info({ source: config.id, url: config.url, filters: handler.filters }, 'MQTT source connected');
          resolve();
        };
        // Refused credentials will not get better by retrying: fail start() at once (CONNACK 4/5, MQTT 5 0x86/0x87).
        const early = (error: Error & { code?: unknown }): void => {
          if ([4, 5, 0x86, 0x87].includes(Number(error.code))) fail(error);
        };
        const deadline = setTimeout(() => fail(new Error(`not connected and subscribed to ${config.url} within ${timeoutMs} ms`)), timeoutMs);
        firstSubscribed = ok;
        c.on('error', early);
      });
    },
    async stop() {
      const c = client;
      client = null;
      if (c) await c.endAsync().catch((e: unknown) => logger.warn({ source: config.id, error: String(e) }, 'MQTT close failed'));
      await batcher.drain();
      setState('stopped');
    },
  };
}
