/**
 * Turns one MQTT message with a JSON payload into readings, following a configured mapping. Pure: the source
 * counts and reports the typed errors so one bad message never stops the others.
 *
 * Field expressions:
 *   '/a/b'        RFC 6901 JSON pointer into the payload (or into the item, with `items`)
 *   '$topic[2]'   the third topic level ('plant/P-101/vibration' → 'vibration')
 *   '{$topic[1]}.{/kind}'  a template: each {…} holds one of the two forms above
 *   anything else a literal ('mm/s')
 */
import type { Quality, Reading } from '@vigie/plant-simulator';
import type { JsonMapping } from './mqtt-config';

export type MappingErrorCode = 'BAD_JSON' | 'MISSING_FIELD' | 'NOT_NUMERIC' | 'BAD_TIMESTAMP' | 'BAD_QUALITY' | 'NOT_AN_ARRAY';
export interface MappingError {
  code: MappingErrorCode;
  field?: string;
  detail: string;
}
export type MappingResult = { ok: true; readings: Reading[] } | { ok: false; error: MappingError };

/** Looks a unit up by sensor id: the catalog's declared unit when the payload carries none. */
export type UnitLookup = (sensorId: string) => string | undefined;

const TOPIC_REF = /^\$topic\[(\d+)\]$/;

class FieldError extends Error {
  constructor(readonly error: MappingError) {
    super(error.detail);
  }
}

export function jsonPointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let node = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function resolveRef(ref: string, item: unknown, topicLevels: readonly string[]): unknown {
  if (ref.startsWith('/')) return jsonPointer(item, ref);
  const m = TOPIC_REF.exec(ref);
  return m ? topicLevels[Number(m[1])] : ref;
}

/** Evaluates an expression; undefined when a referenced field is absent. */
export function evaluate(expr: string, item: unknown, topicLevels: readonly string[]): unknown {
  if (!expr.includes('{')) return resolveRef(expr, item, topicLevels);
  let missing = false;
  const out = expr.replace(/\{([^}]*)\}/g, (_, ref: string) => {
    const v = resolveRef(ref, item, topicLevels);
    if (v === undefined || v === null || typeof v === 'object') missing = true;
    return String(v);
  });
  return missing ? undefined : out;
}

function required(name: string, expr: string, item: unknown, levels: readonly string[]): string {
  const v = evaluate(expr, item, levels);
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  throw new FieldError({ code: 'MISSING_FIELD', field: name, detail: `${name} (${expr}) is missing or not a string` });
}

function toValue(v: unknown, expr: string): number | null {
  if (v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (v === undefined) throw new FieldError({ code: 'MISSING_FIELD', field: 'value', detail: `value (${expr}) is missing` });
  throw new FieldError({ code: 'NOT_NUMERIC', field: 'value', detail: `value (${expr}) is not numeric: ${JSON.stringify(v).slice(0, 60)}` });
}

function toTs(v: unknown, receivedAt: number): number {
  if (v === undefined) return receivedAt;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isFinite(n)) return Math.round(n);
  throw new FieldError({ code: 'BAD_TIMESTAMP', field: 'ts', detail: `ts is neither epoch ms nor ISO 8601: ${JSON.stringify(v)}` });
}

function toQuality(v: unknown): Quality {
  if (v === undefined || v === true) return 'good';
  if (v === false) return 'bad';
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  if (s === 'good' || s === 'uncertain' || s === 'bad') return s;
  throw new FieldError({ code: 'BAD_QUALITY', field: 'quality', detail: `quality must be good|uncertain|bad or a boolean: ${JSON.stringify(v)}` });
}

function mapItem(m: JsonMapping, item: unknown, levels: readonly string[], receivedAt: number, unitOf: UnitLookup): Reading {
  const assetId = required('assetId', m.assetId, item, levels);
  const sensorId = required('sensorId', m.sensorId, item, levels);
  const value = toValue(evaluate(m.value, item, levels), m.value);
  const ts = toTs(m.ts === undefined ? undefined : evaluate(m.ts, item, levels), receivedAt);
  const declared = m.quality === undefined ? 'good' : toQuality(evaluate(m.quality, item, levels));
  const unitField = m.unit === undefined ? undefined : evaluate(m.unit, item, levels);
  const unit = typeof unitField === 'string' ? unitField : (unitOf(sensorId) ?? '');
  // A null value is a reading the device could not make: never 'good', as in the OPC UA source.
  return { assetId, sensorId, ts, value, unit, quality: value === null ? 'bad' : declared };
}

/** Maps one message. The whole message is rejected on the first bad item, so a batch is never half taken. */
export function mapJsonMessage(
  mapping: JsonMapping, topic: string, payload: Uint8Array | string, receivedAt: number, unitOf: UnitLookup = () => undefined,
): MappingResult {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch (e) {
    return { ok: false, error: { code: 'BAD_JSON', detail: (e as Error).message } };
  }
  const levels = topic.split('/');
  const items = mapping.items === undefined ? [doc] : jsonPointer(doc, mapping.items);
  if (!Array.isArray(items)) return { ok: false, error: { code: 'NOT_AN_ARRAY', field: 'items', detail: `${mapping.items} is not an array` } };
  try {
    return { ok: true, readings: items.map((item) => mapItem(mapping, item, levels, receivedAt, unitOf)) };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: e.error };
    throw e;
  }
}
