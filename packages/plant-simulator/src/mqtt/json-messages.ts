import type { AssetSpec, Quality, Reading } from '../catalog';
import { topicLevel, type MqttMessage } from './message';

/** Body of a JSON reading: the value in the sensor's declared unit, the sample time in epoch ms. */
export interface JsonReading {
  value: number | null;
  ts: number;
  unit: string;
  quality: Quality;
}

export const JSON_TOPIC_ROOT = 'vigie';

/**
 * Topic `vigie/<site>/<asset>/<sensor kind>`: the sensor id is `<asset>.<sensor kind>`, so the
 * last two levels give it back, and `vigie/<site>/#` subscribes to a whole site.
 */
export function jsonTopic(site: string, assetId: string, kind: string): string {
  return [JSON_TOPIC_ROOT, site, assetId, kind].map(topicLevel).join('/');
}

/** Builds a function that turns a batch of readings into one QoS 0 message per reading. */
export function createJsonEncoder(catalog: readonly AssetSpec[]): (readings: readonly Reading[]) => MqttMessage[] {
  const topics = new Map(catalog.flatMap((a) => a.sensors.map((s) => [s.id, jsonTopic(a.site, a.id, s.kind)] as const)));
  return (readings) =>
    readings.flatMap((r) => {
      const topic = topics.get(r.sensorId);
      if (topic === undefined) return [];
      const body: JsonReading = { value: r.value, ts: r.ts, unit: r.unit, quality: r.quality };
      // QoS 0, not retained: a telemetry stream, where the next sample supersedes a lost one.
      return [{ topic, payload: JSON.stringify(body), qos: 0 as const, retain: false }];
    });
}
