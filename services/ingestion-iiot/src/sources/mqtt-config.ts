/**
 * Configuration of an MQTT source, as data: JSON payloads through a field mapping, or Sparkplug B.
 * Field expressions (used by the JSON mapping and the Sparkplug device map) are documented in json-mapping.ts.
 */
import { z } from 'zod';
import { ASSET_TYPES, SENSOR_KINDS, type AssetType, type SensorKind } from '@vigie/plant-simulator';
import { isValidTopicFilter } from './mqtt-topic';

// The simulator's lists are the source of truth; the casts only restore the non-empty tuple type z.enum wants.
const sensorKind = z.enum(SENSOR_KINDS as [SensorKind, ...SensorKind[]]);
const assetType = z.enum(ASSET_TYPES as [AssetType, ...AssetType[]]);

const SensorSchema = z.object({
  id: z.string().min(1),
  kind: sensorKind,
  unit: z.string(),
  min: z.number(),
  max: z.number(),
  samplingHz: z.number().positive(),
});

/** The AssetSpec of the catalog; sensors may be left out and learned from Sparkplug BIRTH certificates. */
export const MqttAssetSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: assetType,
  site: z.string().default(''),
  area: z.string().default(''),
  line: z.string().default(''),
  location: z.object({ lat: z.number(), lon: z.number() }).default({ lat: 0, lon: 0 }),
  sensors: z.array(SensorSchema).default([]),
});

const expression = z.string().min(1, 'an expression: /json/pointer, $topic[n], a {template} or a literal');

export const JsonMappingSchema = z.object({
  /** JSON pointer to an array: each element is one reading and the other pointers are relative to it. */
  items: z.string().startsWith('/', 'items is a JSON pointer such as /readings').optional(),
  assetId: expression,
  sensorId: expression,
  value: expression,
  /** Epoch ms (number or numeric string) or an ISO 8601 string; the receive time when absent. */
  ts: expression.optional(),
  /** Defaults to the unit the catalog declares for the sensor. */
  unit: expression.optional(),
  /** 'good' | 'uncertain' | 'bad' or a boolean (true = good); good when absent. */
  quality: expression.optional(),
});
export type JsonMapping = z.infer<typeof JsonMappingSchema>;

export const JsonSubscriptionSchema = z.object({
  topic: z.string().refine(isValidTopicFilter, 'an MQTT topic filter: + matches one level, # only as the last level'),
  mapping: JsonMappingSchema,
});

/** First matching rule wins; placeholders {group} {edge} {device} {metric} {asset} fill assetId and sensorId. */
export const DeviceMapRuleSchema = z.object({
  edgeNode: z.string().optional(),
  /** A device id, or '' for metrics of the edge node itself. */
  device: z.string().optional(),
  /** A metric name; '*' at the end matches a prefix ('Motor/*'). */
  metric: z.string().optional(),
  assetId: z.string().min(1).default('{device}'),
  sensorId: z.string().min(1).default('{asset}.{metric}'),
  unit: z.string().optional(),
  /** Lets a learned metric join the catalog: the sensor kind, and its range when BIRTH carries no engLow/engHigh. */
  kind: sensorKind.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Metrics matched by an ignore rule produce no reading. */
  ignore: z.boolean().default(false),
});
export type DeviceMapRule = z.infer<typeof DeviceMapRuleSchema>;

export const SparkplugConfigSchema = z.object({
  groupId: z.string().regex(/^[^/+#]+$/, 'a Sparkplug group id: no / + #'),
  edgeNode: z.string().regex(/^[^/+#]+$/, 'an edge node id: no / + #').optional(),
  deviceMap: z.array(DeviceMapRuleSchema).default([{ assetId: '{device}', sensorId: '{asset}.{metric}', ignore: false }]),
  /** Minimum time between two rebirth requests to the same edge node, so a flapping node is not flooded. */
  rebirthIntervalMs: z.number().int().nonnegative().default(5000),
});
export type SparkplugConfig = z.infer<typeof SparkplugConfigSchema>;

export const MqttSourceConfigSchema = z
  .object({
    id: z.string().min(1).regex(/^[A-Za-z0-9._-]+$/),
    protocol: z.literal('mqtt'),
    url: z.string().regex(/^mqtts?:\/\/[^/:]+(:\d+)?\/?$/, 'an mqtt://host:port URL'),
    clientId: z.string().min(1).max(128).optional(),
    username: z.string().optional(),
    /** Secret: never logged, never returned by the API. */
    password: z.string().optional(),
    qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(1),
    protocolVersion: z.union([z.literal(4), z.literal(5)]).default(4),
    format: z.enum(['json', 'sparkplugb']),
    assets: z.array(MqttAssetSchema).default([]),
    json: z.object({ subscriptions: z.array(JsonSubscriptionSchema).min(1) }).optional(),
    sparkplug: SparkplugConfigSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.format === 'json' && !c.json) ctx.addIssue({ code: 'custom', path: ['json'], message: "format 'json' needs json.subscriptions" });
    if (c.format === 'sparkplugb' && !c.sparkplug) ctx.addIssue({ code: 'custom', path: ['sparkplug'], message: "format 'sparkplugb' needs sparkplug.groupId" });
  });
export type MqttSourceConfig = z.infer<typeof MqttSourceConfigSchema>;

/** Parses raw config; the error message lists every problem with its path (`json.subscriptions.0.topic: …`). */
export function parseMqttSourceConfig(raw: unknown): MqttSourceConfig {
  const result = MqttSourceConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  throw new Error(`invalid MQTT source config:\n  ${lines.join('\n  ')}`);
}
