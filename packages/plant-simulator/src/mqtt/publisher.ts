import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { startRealTimeClock } from '../clock';
import type { Reading } from '../catalog';
import type { Plant } from '../plant';
import { createJsonEncoder } from './json-messages';
import type { MqttMessage } from './message';
import { createSparkplugNode, type SparkplugNode } from './sparkplug-node';
import { sparkplugTopic } from './sparkplug-messages';

export interface MqttPublisherOptions {
  /** Broker URL, e.g. mqtt://localhost:1883. */
  url: string;
  format?: 'json' | 'sparkplugb';
  /** Sparkplug group id (default "Vigie"). */
  groupId?: string;
  /** Sparkplug edge node id, also the MQTT client id (default "plant-simulator"). */
  edgeNode?: string;
  username?: string;
  /** Secret: passed to the broker, never logged. */
  password?: string;
  /** Advance the plant in real time (default true); false when another server drives it. */
  drive?: boolean;
  wallTickMs?: number;
  onError?: (error: unknown) => void;
}

export interface RunningMqttPublisher {
  format: 'json' | 'sparkplugb';
  /** Messages handed to the client since start. */
  published(): number;
  stop(): Promise<void>;
}

const toWire = (m: MqttMessage) => ({ topic: m.topic, payload: typeof m.payload === 'string' ? m.payload : Buffer.from(m.payload) });

/**
 * Publishes every reading the plant produces. JSON: one message per reading on
 * vigie/<site>/<asset>/<sensor>. Sparkplug B: a birth on every (re)connection, DDATA per asset
 * per batch, rebirth on NCMD, DDEATH + NDEATH on stop, NDEATH as the will when the link dies.
 */
export async function startMqttPublisher(plant: Plant, options: MqttPublisherOptions): Promise<RunningMqttPublisher> {
  const { format = 'json', groupId = 'Vigie', edgeNode = 'plant-simulator', drive = true, wallTickMs = 200 } = options;
  const onError = options.onError ?? (() => undefined);
  const ids = { groupId, edgeNode };
  const catalog = plant.catalog();
  // bdSeq counts MQTT sessions: the will registered for a session carries that session's bdSeq.
  let bdSeq = 0;
  let node: SparkplugNode = createSparkplugNode(catalog, ids, bdSeq);
  const encodeJson = createJsonEncoder(catalog);
  let count = 0;

  const connectOptions: IClientOptions = {
    clientId: edgeNode,
    clean: true,
    reconnectPeriod: 1000,
    // Stale telemetry is worse than none: Sparkplug rebirths and JSON readers resume from now.
    queueQoSZero: false,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(format === 'sparkplugb' ? { will: { ...toWire(node.death(plant.simTime())), qos: 1 as const, retain: false } } : {}),
  };
  const client: MqttClient = await connectAsync(options.url, connectOptions);
  client.on('error', onError);

  const send = (messages: readonly MqttMessage[]): void => {
    if (!client.connected) return;
    for (const m of messages) {
      const { topic, payload } = toWire(m);
      client.publish(topic, payload, { qos: m.qos, retain: m.retain }, (error) => {
        if (error) onError(error);
      });
      count++;
    }
  };
  const birth = (): void => send(node.birth(plant.simTime(), (id) => plant.latest(id)));

  if (format === 'sparkplugb') {
    await client.subscribeAsync(sparkplugTopic(ids, 'NCMD'), { qos: 1 });
    birth();
    client.on('message', (topic, payload) => {
      if (node.isRebirthRequest(topic, payload)) birth();
    });
    client.on('close', () => {
      // The next session needs a new bdSeq in both its will and its NBIRTH.
      bdSeq = (bdSeq + 1) % 256;
      node = createSparkplugNode(catalog, ids, bdSeq);
      client.options.will = { ...toWire(node.death(plant.simTime())), qos: 1, retain: false };
    });
    // mqtt.js re-subscribes NCMD by itself (resubscribe: true); a new session must be born again.
    client.on('connect', birth);
  }

  const unsubscribe = plant.onReadings((readings: readonly Reading[]) =>
    send(format === 'sparkplugb' ? node.data(readings) : encodeJson(readings)),
  );
  const clock = drive ? startRealTimeClock(plant, wallTickMs) : null;

  return {
    format,
    published: () => count,
    async stop() {
      clock?.stop();
      unsubscribe();
      if (format === 'sparkplugb' && client.connected) {
        const ts = plant.simTime();
        // A clean disconnect suppresses the will, so the node says its deaths itself.
        for (const m of [...node.deviceDeaths(ts), node.death(ts)]) {
          const { topic, payload } = toWire(m);
          await client.publishAsync(topic, payload, { qos: 1 });
        }
      }
      await client.endAsync();
    },
  };
}
