/**
 * What an MQTT source does with one message, per payload format, without the transport: which filters to
 * subscribe, how a (topic, bytes) pair becomes readings, and which commands to publish back.
 */
import type { Reading } from '@vigie/plant-simulator';
import type { MqttSourceConfig } from './mqtt-config';
import { topicMatches } from './mqtt-topic';
import { mapJsonMessage } from './json-mapping';
import { ncmdTopic, parseSparkplugTopic, sparkplugSubscriptions } from './sparkplug';
import { decodeSparkplugPayload, encodeRebirthRequest, type SparkplugPayload } from './sparkplug-decode';
import { SparkplugHost } from './sparkplug-host';
import type { MetricTarget } from './sparkplug-mapping';

export interface MessageProblem { code: string; detail: string; topic: string }
export interface MessageOutcome {
  readings: Reading[];
  problems: MessageProblem[];
  /** Messages to publish in answer (Sparkplug rebirth requests). */
  commands: { topic: string; payload: Uint8Array }[];
}

export interface MessageHandler {
  filters: string[];
  handle(topic: string, payload: Uint8Array, now: number): MessageOutcome;
  learned(): Iterable<MetricTarget>;
}

function declaredUnits(config: MqttSourceConfig): (sensorId: string) => string | undefined {
  const units = new Map(config.assets.flatMap((a) => a.sensors.map((s) => [s.id, s.unit] as const)));
  return (sensorId) => units.get(sensorId);
}

export function jsonHandler(config: MqttSourceConfig): MessageHandler {
  const subscriptions = config.json?.subscriptions ?? [];
  const unitOf = declaredUnits(config);
  return {
    filters: [...new Set(subscriptions.map((s) => s.topic))],
    learned: () => [],
    handle(topic, payload, now) {
      const out: MessageOutcome = { readings: [], problems: [], commands: [] };
      // Overlapping filters may all match; each subscription maps the message its own way.
      for (const sub of subscriptions) {
        if (!topicMatches(sub.topic, topic)) continue;
        const result = mapJsonMessage(sub.mapping, topic, payload, now, unitOf);
        if (result.ok) out.readings.push(...result.readings);
        else out.problems.push({ code: result.error.code, detail: result.error.detail, topic });
      }
      return out;
    },
  };
}

export function sparkplugHandler(config: MqttSourceConfig): MessageHandler {
  if (!config.sparkplug) throw new Error('format sparkplugb needs a sparkplug section');
  const sp = config.sparkplug;
  const host = new SparkplugHost({ config: sp, declaredUnit: declaredUnits(config) });
  return {
    filters: sparkplugSubscriptions(sp.groupId, sp.edgeNode),
    learned: () => host.learned(),
    handle(topic, payload, now) {
      const out: MessageOutcome = { readings: [], problems: [], commands: [] };
      const parsed = parseSparkplugTopic(topic);
      if (!parsed || (parsed.kind !== 'state' && parsed.groupId !== sp.groupId)) {
        out.problems.push({ code: 'NOT_SPARKPLUG', detail: 'not a Sparkplug B topic of this group', topic });
        return out;
      }
      let decoded: SparkplugPayload;
      try {
        decoded = decodeSparkplugPayload(payload);
      } catch (e) {
        out.problems.push({ code: 'BAD_PROTOBUF', detail: (e as Error).message, topic });
        return out;
      }
      const result = host.handle(parsed, decoded, now);
      out.readings = result.readings;
      for (const i of result.issues) out.problems.push({ code: i.code, detail: i.detail, topic });
      if (result.rebirth !== null) out.commands.push({ topic: ncmdTopic(sp.groupId, result.rebirth), payload: encodeRebirthRequest(now) });
      return out;
    },
  };
}

export const createMessageHandler = (config: MqttSourceConfig): MessageHandler =>
  config.format === 'json' ? jsonHandler(config) : sparkplugHandler(config);
