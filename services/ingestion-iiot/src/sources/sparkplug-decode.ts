/**
 * Decodes Sparkplug B payloads with the protobuf classes of `sparkplug-payload` (Eclipse Tahu), but not with its
 * high-level `decodePayload`: that one reads a value through the metric's own datatype, and DATA messages normally
 * omit the datatype (§6.4.6: it is only required in BIRTH), so it would turn every alias-only value into null.
 * We keep the raw oneof value and type it later with the datatype learned from the BIRTH certificate.
 */
// The static protobufjs module is CommonJS that assigns module.exports = $root: only a default import sees `org`.
import protoRoot from 'sparkplug-payload/lib/sparkplugPayloadProto.js';
import type * as Proto from 'sparkplug-payload/lib/sparkplugPayloadProto.js';
import { DataType } from './sparkplug';

const { Payload } = protoRoot.org.eclipse.tahu.protobuf;
type ProtoMetric = Proto.org.eclipse.tahu.protobuf.Payload.IMetric;
type ProtoPropertyValue = Proto.org.eclipse.tahu.protobuf.Payload.IPropertyValue;
/** protobufjs hands 64-bit fields over as a Long when the `long` package is present, else as a number. */
type Wide = number | { low: number; high: number };

/** The value exactly as on the wire: which oneof field was set, uint32/uint64 not yet reinterpreted. */
export type RawValue =
  | { field: 'int'; value: number }
  | { field: 'long'; value: bigint }
  | { field: 'float' | 'double'; value: number }
  | { field: 'boolean'; value: boolean }
  | { field: 'string'; value: string }
  | { field: 'bytes'; value: Uint8Array }
  | { field: 'dataset' | 'template' | 'extension' }
  | { field: 'none' };

export type PropertyScalar = number | bigint | boolean | string | null;

export interface SparkplugMetric {
  name?: string;
  alias?: number;
  timestamp?: number;
  datatype?: number;
  isHistorical: boolean;
  isTransient: boolean;
  isNull: boolean;
  raw: RawValue;
  /** Scalar properties (engUnit, engLow, engHigh, Quality…); nested property sets are left out. */
  properties: Record<string, PropertyScalar>;
}

export interface SparkplugPayload {
  timestamp?: number;
  seq?: number;
  uuid?: string;
  body?: Uint8Array;
  metrics: SparkplugMetric[];
}

export function toBigUint(v: Wide): bigint {
  if (typeof v === 'number') return BigInt(v);
  return (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
}
const toNumber = (v: Wide): number => Number(toBigUint(v));
const has = (o: object, key: string): boolean => Object.hasOwn(o, key);

function rawOf(m: ProtoMetric | ProtoPropertyValue): RawValue {
  if (has(m, 'intValue')) return { field: 'int', value: m.intValue! };
  if (has(m, 'longValue')) return { field: 'long', value: toBigUint(m.longValue!) };
  if (has(m, 'floatValue')) return { field: 'float', value: m.floatValue! };
  if (has(m, 'doubleValue')) return { field: 'double', value: m.doubleValue! };
  if (has(m, 'booleanValue')) return { field: 'boolean', value: m.booleanValue! };
  if (has(m, 'stringValue')) return { field: 'string', value: m.stringValue! };
  if (has(m, 'bytesValue')) return { field: 'bytes', value: (m as ProtoMetric).bytesValue! };
  if (has(m, 'datasetValue')) return { field: 'dataset' };
  if (has(m, 'templateValue')) return { field: 'template' };
  return has(m, 'extensionValue') ? { field: 'extension' } : { field: 'none' };
}

/**
 * Reinterprets a wire value through a Sparkplug datatype (§6.4.17): signed types travel as two's complement
 * in uint32/uint64, so Int32 -5 arrives as 4294967291. Undefined when the datatype is not a scalar we read.
 */
export function typedValue(datatype: number | undefined, raw: RawValue): number | bigint | boolean | string | undefined {
  const integer = raw.field === 'int' ? BigInt(raw.value) : raw.field === 'long' ? raw.value : undefined;
  switch (datatype) {
    case DataType.Int8: return integer === undefined ? undefined : Number(BigInt.asIntN(8, integer));
    case DataType.Int16: return integer === undefined ? undefined : Number(BigInt.asIntN(16, integer));
    case DataType.Int32: return integer === undefined ? undefined : Number(BigInt.asIntN(32, integer));
    case DataType.Int64: return integer === undefined ? undefined : BigInt.asIntN(64, integer);
    case DataType.UInt8: case DataType.UInt16: case DataType.UInt32: return integer === undefined ? undefined : Number(integer);
    case DataType.UInt64: case DataType.DateTime: return integer === undefined ? undefined : BigInt.asUintN(64, integer);
    case DataType.Float: case DataType.Double: return raw.field === 'float' || raw.field === 'double' ? raw.value : undefined;
    case DataType.Boolean: return raw.field === 'boolean' ? raw.value : undefined;
    case DataType.String: case DataType.Text: case DataType.UUID: return raw.field === 'string' ? raw.value : undefined;
    default: return undefined;
  }
}

/** Int8…Double and Boolean (1–11): the datatypes whose values are measurements. */
export const isNumericType = (datatype: number | undefined): boolean => datatype !== undefined && datatype >= DataType.Int8 && datatype <= DataType.Boolean;

/** The value a Reading can hold: numbers, 64-bit integers (precision beyond 2^53 is lost), booleans as 1/0. */
export function numericValue(datatype: number | undefined, raw: RawValue): number | undefined {
  if (datatype === DataType.DateTime) return undefined; // a point in time, not a measurement
  const v = typedValue(datatype, raw);
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

function propertyValue(p: ProtoPropertyValue): PropertyScalar | undefined {
  if (p.isNull) return null;
  const raw = rawOf(p);
  const v = typedValue(p.type ?? undefined, raw);
  return v !== undefined ? v : raw.field === 'float' || raw.field === 'double' || raw.field === 'string' || raw.field === 'boolean' ? raw.value : undefined;
}

function metricOf(m: ProtoMetric): SparkplugMetric {
  const properties: Record<string, PropertyScalar> = {};
  const keys = m.properties?.keys ?? [];
  keys.forEach((key, i) => {
    const p = m.properties?.values?.[i];
    const v = p ? propertyValue(p) : undefined;
    if (v !== undefined) properties[key] = v;
  });
  return {
    ...(has(m, 'name') ? { name: m.name! } : {}),
    ...(has(m, 'alias') ? { alias: toNumber(m.alias!) } : {}),
    ...(has(m, 'timestamp') ? { timestamp: toNumber(m.timestamp!) } : {}),
    ...(has(m, 'datatype') ? { datatype: m.datatype! } : {}),
    isHistorical: m.isHistorical === true,
    isTransient: m.isTransient === true,
    isNull: m.isNull === true,
    raw: rawOf(m),
    properties,
  };
}

/** Throws on bytes that are not a protobuf Payload; the caller counts that as a bad message. */
export function decodeSparkplugPayload(bytes: Uint8Array): SparkplugPayload {
  const p = Payload.decode(bytes);
  return {
    ...(has(p, 'timestamp') ? { timestamp: toNumber(p.timestamp as Wide) } : {}),
    ...(has(p, 'seq') ? { seq: toNumber(p.seq as Wide) } : {}),
    ...(has(p, 'uuid') ? { uuid: p.uuid } : {}),
    ...(has(p, 'body') ? { body: p.body } : {}),
    metrics: p.metrics.map(metricOf),
  };
}

/** NCMD `Node Control/Rebirth` = true (§6.3.5): asks an edge node to publish its NBIRTH and DBIRTHs again. */
export function encodeRebirthRequest(now: number): Uint8Array {
  return Payload.encode(
    Payload.create({ timestamp: now, metrics: [{ name: 'Node Control/Rebirth', timestamp: now, datatype: DataType.Boolean, booleanValue: true }] }),
  ).finish();
}
