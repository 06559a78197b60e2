/**
 * Where a Sparkplug metric lands in the plant: (edge node, device, metric name) → (asset, sensor, unit), by the
 * first matching device-map rule. Also turns what BIRTH certificates taught us into catalog sensors.
 */
import { SENSOR_KINDS, type AssetSpec, type Quality, type SensorKind, type SensorSpec } from '@vigie/plant-simulator';
import type { DeviceMapRule } from './mqtt-config';
import type { PropertyScalar } from './sparkplug-decode';

export interface MetricOrigin {
  groupId: string;
  edgeNode: string;
  /** Undefined for a metric of the edge node itself. */
  device?: string;
  metric: string;
}

export interface MetricTarget {
  assetId: string;
  sensorId: string;
  unit: string;
  /** What the catalog needs to list the sensor; absent parts keep it out of the catalog. */
  kind?: SensorKind;
  min?: number;
  max?: number;
}

/** Metrics every edge node carries for the protocol itself, never measurements. */
export const isProtocolMetric = (name: string): boolean =>
  name === 'bdSeq' || name.startsWith('Node Control/') || name.startsWith('Device Control/') || name.startsWith('Properties/');

function matches(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined) return true;
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : pattern === value;
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(group|edge|device|metric|asset)\}/g, (_, k: string) => vars[k] ?? '');
}

const numberProp = (p: PropertyScalar | undefined): number | undefined =>
  typeof p === 'number' && Number.isFinite(p) ? p : typeof p === 'bigint' ? Number(p) : undefined;

/**
 * Sparkplug B has no quality field; hosts (Ignition, the Vigie simulator) read an OPC DA code from a metric
 * property "Quality": 192+ good, 64–191 uncertain, below 64 bad. Undefined when the metric carries none.
 */
export function propertyQuality(p: PropertyScalar | undefined): Quality | undefined {
  const code = numberProp(p);
  if (code === undefined) return undefined;
  return code >= 192 ? 'good' : code >= 64 ? 'uncertain' : 'bad';
}

/**
 * Null when no rule matches or the rule says ignore. The unit is, in order: the rule's, the one the catalog
 * declares for the sensor, the BIRTH's `engUnit` property (the convention Ignition and Tahu follow), ''.
 */
export function resolveMetricTarget(
  rules: readonly DeviceMapRule[], origin: MetricOrigin, properties: Record<string, PropertyScalar>,
  declaredUnit: (sensorId: string) => string | undefined,
): MetricTarget | null {
  const device = origin.device ?? '';
  const rule = rules.find((r) => matches(r.edgeNode, origin.edgeNode) && matches(r.device, device) && matches(r.metric, origin.metric));
  if (!rule || rule.ignore) return null;
  const vars: Record<string, string> = { group: origin.groupId, edge: origin.edgeNode, device: origin.device ?? origin.edgeNode, metric: origin.metric };
  const assetId = fill(rule.assetId, vars);
  const sensorId = fill(rule.sensorId, { ...vars, asset: assetId });
  const engUnit = properties.engUnit;
  const unit = rule.unit ?? declaredUnit(sensorId) ?? (typeof engUnit === 'string' ? engUnit : '');
  const suffix = sensorId.slice(sensorId.lastIndexOf('.') + 1);
  const kind = rule.kind ?? ((SENSOR_KINDS as readonly string[]).includes(suffix) ? (suffix as SensorKind) : undefined);
  const min = numberProp(properties.engLow) ?? rule.min;
  const max = numberProp(properties.engHigh) ?? rule.max;
  return { assetId, sensorId, unit, ...(kind ? { kind } : {}), ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

/**
 * The configured assets plus sensors learned from BIRTH certificates. A learned sensor joins only an asset the
 * config declares and only when its kind and range are known: the catalog does not invent metadata. Sparkplug
 * has no sampling rate, so learned sensors carry `samplingHz` 0 (unknown) rather than a made-up figure.
 */
export function mergeCatalog(assets: readonly AssetSpec[], learned: Iterable<MetricTarget>): AssetSpec[] {
  const out = structuredClone(assets) as AssetSpec[];
  const byId = new Map(out.map((a) => [a.id, a]));
  for (const t of learned) {
    const asset = byId.get(t.assetId);
    if (!asset || !t.kind || t.min === undefined || t.max === undefined) continue;
    if (asset.sensors.some((s) => s.id === t.sensorId)) continue;
    const sensor: SensorSpec = { id: t.sensorId, kind: t.kind, unit: t.unit, min: t.min, max: t.max, samplingHz: 0 };
    asset.sensors.push(sensor);
  }
  return out;
}
