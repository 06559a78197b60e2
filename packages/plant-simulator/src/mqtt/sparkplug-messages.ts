import { get } from 'sparkplug-payload';
import type { UMetric, UPayload, UPropertyValue } from 'sparkplug-payload/lib/sparkplugbpayload';
import type { AssetSpec, Quality, Reading } from '../catalog';
import { topicLevel } from './message';

export const SPARKPLUG_NAMESPACE = 'spBv1.0';
export const REBIRTH_METRIC = 'Node Control/Rebirth';
export type SparkplugMessageType = 'NBIRTH' | 'NDEATH' | 'DBIRTH' | 'DDATA' | 'DDEATH' | 'NCMD' | 'DCMD' | 'NDATA';

/** OPC DA quality codes, the convention Sparkplug hosts (Ignition and others) read from a "Quality" property. */
export const SPARKPLUG_QUALITY: Readonly<Record<Quality, number>> = { good: 192, uncertain: 64, bad: 0 };

export interface SparkplugIds {
  groupId: string;
  edgeNode: string;
}

export function sparkplugTopic(ids: SparkplugIds, type: SparkplugMessageType, deviceId?: string): string {
  const levels = [SPARKPLUG_NAMESPACE, ids.groupId, type, ids.edgeNode, ...(deviceId === undefined ? [] : [deviceId])];
  return levels.map((l, i) => (i === 0 ? l : topicLevel(l))).join('/');
}

export function encodeSparkplug(payload: UPayload): Uint8Array {
  return codec().encodePayload(payload);
}

export function decodeSparkplug(bytes: Uint8Array): UPayload {
  return codec().decodePayload(bytes);
}

function codec() {
  const lib = get(SPARKPLUG_NAMESPACE);
  if (!lib) throw new Error(`sparkplug-payload does not know ${SPARKPLUG_NAMESPACE}`);
  return lib;
}

/**
 * One metric per sensor, named by sensor kind under a device named by asset id. Aliases are
 * unique across the edge node (Sparkplug requires it), numbered in catalog order from 1.
 */
export interface SparkplugMetricDef {
  sensorId: string;
  deviceId: string;
  name: string;
  alias: number;
  unit: string;
  min: number;
  max: number;
}

export function metricDefs(catalog: readonly AssetSpec[]): SparkplugMetricDef[] {
  let alias = 0;
  return catalog.flatMap((a) =>
    a.sensors.map((s) => ({ sensorId: s.id, deviceId: topicLevel(a.id), name: s.kind, alias: ++alias, unit: s.unit, min: s.min, max: s.max })),
  );
}

/** A DDATA/DBIRTH metric for a reading; Quality travels as a property only when not good (Good is the default). */
export function readingMetric(def: SparkplugMetricDef, reading: Reading | undefined, withName: boolean): UMetric {
  const metric: UMetric = { alias: def.alias, type: 'Double', value: reading?.value ?? null };
  if (withName) metric.name = def.name;
  if (reading) metric.timestamp = reading.ts;
  const quality = reading?.quality ?? 'bad';
  const properties: Record<string, UPropertyValue> = withName
    ? {
        engUnit: { type: 'String', value: def.unit },
        engLow: { type: 'Double', value: def.min },
        engHigh: { type: 'Double', value: def.max },
      }
    : {};
  if (withName || quality !== 'good') properties.Quality = { type: 'Int32', value: SPARKPLUG_QUALITY[quality] };
  if (Object.keys(properties).length > 0) metric.properties = properties;
  return metric;
}
