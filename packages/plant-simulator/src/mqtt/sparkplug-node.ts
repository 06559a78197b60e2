import type { UMetric } from 'sparkplug-payload/lib/sparkplugbpayload';
import type { AssetSpec, Reading } from '../catalog';
import type { MqttMessage } from './message';
import {
  decodeSparkplug,
  encodeSparkplug,
  metricDefs,
  readingMetric,
  REBIRTH_METRIC,
  sparkplugTopic,
  type SparkplugIds,
  type SparkplugMetricDef,
} from './sparkplug-messages';

/**
 * The message state machine of a Sparkplug B edge node, without I/O. Rules it keeps (Sparkplug
 * 3.0): NBIRTH carries seq 0 and the bdSeq of the session; every later node/device message
 * takes the next seq modulo 256; DBIRTH names each metric and binds its alias, DDATA then uses
 * aliases only; NDEATH (the MQTT will) carries the same bdSeq and no seq.
 */
export interface SparkplugNode {
  readonly bdSeq: number;
  /** NDEATH, registered as the MQTT will before connecting. */
  death(timestamp: number): MqttMessage;
  /** NBIRTH then one DBIRTH per asset, with current values; resets seq to 0. */
  birth(timestamp: number, latest: (sensorId: string) => Reading | undefined): MqttMessage[];
  /** One DDATA per asset that has readings in the batch. */
  data(readings: readonly Reading[]): MqttMessage[];
  /** One DDEATH per asset, for a clean stop. */
  deviceDeaths(timestamp: number): MqttMessage[];
  /** True for an NCMD to this node that sets Node Control/Rebirth. */
  isRebirthRequest(topic: string, payload: Uint8Array): boolean;
}

export function createSparkplugNode(catalog: readonly AssetSpec[], ids: SparkplugIds, bdSeq: number): SparkplugNode {
  const defs = metricDefs(catalog);
  const bySensor = new Map(defs.map((d) => [d.sensorId, d]));
  const devices = [...new Set(defs.map((d) => d.deviceId))];
  let seq = 0;
  const nextSeq = (): number => {
    const current = seq;
    seq = (seq + 1) % 256;
    return current;
  };
  const message = (topic: string, payload: Parameters<typeof encodeSparkplug>[0], qos: 0 | 1 = 0): MqttMessage => ({
    topic,
    payload: encodeSparkplug(payload),
    qos,
    retain: false,
  });
  const bdSeqMetric = (): UMetric => ({ name: 'bdSeq', type: 'UInt64', value: bdSeq });
  const ncmdTopic = sparkplugTopic(ids, 'NCMD');

  return {
    bdSeq,
    death: (timestamp) => message(sparkplugTopic(ids, 'NDEATH'), { timestamp, metrics: [bdSeqMetric()] }, 1),
    birth(timestamp, latest) {
      seq = 0;
      const nbirth = message(sparkplugTopic(ids, 'NBIRTH'), {
        timestamp,
        seq: nextSeq(),
        metrics: [bdSeqMetric(), { name: REBIRTH_METRIC, type: 'Boolean', value: false }],
      });
      const dbirths = devices.map((deviceId) => {
        const metrics = defs.filter((d) => d.deviceId === deviceId).map((d) => readingMetric(d, latest(d.sensorId), true));
        return message(sparkplugTopic(ids, 'DBIRTH', deviceId), { timestamp, seq: nextSeq(), metrics });
      });
      return [nbirth, ...dbirths];
    },
    data(readings) {
      const byDevice = new Map<string, { def: SparkplugMetricDef; reading: Reading }[]>();
      for (const reading of readings) {
        const def = bySensor.get(reading.sensorId);
        if (!def) continue;
        byDevice.set(def.deviceId, [...(byDevice.get(def.deviceId) ?? []), { def, reading }]);
      }
      return [...byDevice].map(([deviceId, items]) =>
        message(sparkplugTopic(ids, 'DDATA', deviceId), {
          // Several samples of one metric may share a DDATA: each metric carries its own timestamp.
          timestamp: Math.max(...items.map((i) => i.reading.ts)),
          seq: nextSeq(),
          metrics: items.map(({ def, reading }) => readingMetric(def, reading, false)),
        }),
      );
    },
    deviceDeaths: (timestamp) => devices.map((d) => message(sparkplugTopic(ids, 'DDEATH', d), { timestamp, seq: nextSeq() })),
    isRebirthRequest(topic, payload) {
      if (topic !== ncmdTopic) return false;
      try {
        return (decodeSparkplug(payload).metrics ?? []).some((m) => m.name === REBIRTH_METRIC && m.value === true);
      } catch {
        return false; // a malformed command is ignored, as the spec asks of edge nodes
      }
    },
  };
}
