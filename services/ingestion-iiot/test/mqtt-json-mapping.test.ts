import { describe, expect, it } from 'vitest';
import { mapJsonMessage, type MappingResult } from '../src/sources/json-mapping';
import { JsonMappingSchema, parseMqttSourceConfig } from '../src/sources/mqtt-config';
import { isValidTopicFilter, topicMatches } from '../src/sources/mqtt-topic';

const NOW = 1_767_571_200_000;
const mapping = JsonMappingSchema.parse({ assetId: '$topic[1]', sensorId: '{$topic[1]}.{$topic[2]}', value: '/v', ts: '/t', quality: '/q' });
const units = (id: string) => (id === 'P-101.vibration' ? 'mm/s' : undefined);
const map = (payload: unknown, m = mapping, topic = 'plant/P-101/vibration'): MappingResult =>
  mapJsonMessage(m, topic, Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)), NOW, units);

describe('JSON mapping', () => {
  it('maps topic segments, pointers, epoch-ms ts, and the declared unit', () => {
    expect(map({ v: 4.2, t: NOW - 5 })).toEqual({ ok: true, readings: [{ assetId: 'P-101', sensorId: 'P-101.vibration', ts: NOW - 5, value: 4.2, unit: 'mm/s', quality: 'good' }] });
  });
  it('accepts ISO timestamps, numeric strings, booleans and quality words; defaults ts to the receive time', () => {
    expect(map({ v: '7.5', t: '2026-01-05T00:00:01.500Z', q: 'Uncertain' })).toMatchObject({ ok: true, readings: [{ value: 7.5, ts: Date.UTC(2026, 0, 5, 0, 0, 1, 500), quality: 'uncertain' }] });
    expect(map({ v: true })).toMatchObject({ ok: true, readings: [{ value: 1, ts: NOW }] });
  });
  it('makes a null value a bad-quality reading', () => {
    expect(map({ v: null, q: 'good' })).toMatchObject({ ok: true, readings: [{ value: null, quality: 'bad' }] });
  });
  it('reads arrays of readings with items, pointers escaped per RFC 6901, literal units', () => {
    const m = JsonMappingSchema.parse({ items: '/data', assetId: '/a', sensorId: '{/a}.{/m~1s}', value: '/x', unit: 'bar' });
    expect(map({ data: [{ a: 'P-102', 'm/s': 'pressure', x: 3 }, { a: 'P-103', 'm/s': 'pressure', x: 4 }] }, m)).toEqual({
      ok: true,
      readings: [
        { assetId: 'P-102', sensorId: 'P-102.pressure', ts: NOW, value: 3, unit: 'bar', quality: 'good' },
        { assetId: 'P-103', sensorId: 'P-103.pressure', ts: NOW, value: 4, unit: 'bar', quality: 'good' },
      ],
    });
  });
  it.each([
    ['{"v": 1', 'BAD_JSON', undefined],
    [{ t: NOW }, 'MISSING_FIELD', 'value'],
    [{ v: 'high' }, 'NOT_NUMERIC', 'value'],
    [{ v: { x: 1 } }, 'NOT_NUMERIC', 'value'],
    [{ v: 1, t: 'yesterday' }, 'BAD_TIMESTAMP', 'ts'],
    [{ v: 1, q: 'meh' }, 'BAD_QUALITY', 'quality'],
  ])('rejects %j with %s', (payload, code, field) => {
    const result = map(payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code, ...(field ? { field } : {}) });
  });
  it('rejects a missing id and a topic too short for $topic[n]', () => {
    expect(map({ v: 1 }, mapping, 'plant/P-101')).toMatchObject({ ok: false, error: { code: 'MISSING_FIELD', field: 'sensorId' } });
    const m = JsonMappingSchema.parse({ items: '/data', assetId: '/a', sensorId: 's', value: '/x' });
    expect(map({ data: {} }, m)).toMatchObject({ ok: false, error: { code: 'NOT_AN_ARRAY' } });
    expect(map({ data: [{ x: 1 }] }, m)).toMatchObject({ ok: false, error: { code: 'MISSING_FIELD', field: 'assetId' } });
  });
});

describe('MQTT topic filters', () => {
  it.each([
    ['plant/+/vibration', 'plant/P-101/vibration', true],
    ['plant/#', 'plant/P-101/vibration', true],
    ['plant/#', 'plant', true],
    ['plant/+', 'plant/P-101/vibration', false],
    ['+/P-101/+', 'plant/P-101/x', true],
    ['#', '$SYS/broker/uptime', false],
    ['plant/+/vibration', 'plant/P-101/temperature', false],
  ])('%s vs %s → %s', (filter, topic, expected) => expect(topicMatches(filter, topic)).toBe(expected));
  it('validates filters', () => {
    expect(['a/#', '+', 'a/+/b', '#'].every(isValidTopicFilter)).toBe(true);
    expect(['a/#/b', 'a+', 'a/b#', ''].some(isValidTopicFilter)).toBe(false);
  });
});

describe('MQTT source config', () => {
  const base = { id: 'plant-mqtt', protocol: 'mqtt', url: 'mqtt://127.0.0.1:11883' };
  it('applies defaults', () => {
    const c = parseMqttSourceConfig({ ...base, format: 'sparkplugb', sparkplug: { groupId: 'Lyon' } });
    expect(c).toMatchObject({ qos: 1, protocolVersion: 4, assets: [], sparkplug: { groupId: 'Lyon', rebirthIntervalMs: 5000, deviceMap: [{ assetId: '{device}' }] } });
  });
  it('lists every problem with its path', () => {
    const bad = { ...base, url: 'http://x', format: 'json', json: { subscriptions: [{ topic: 'a/#/b', mapping: { assetId: '', sensorId: 's', value: '/v' } }] } };
    expect(() => parseMqttSourceConfig(bad)).toThrow(/url: an mqtt:\/\/host:port URL[\s\S]*json\.subscriptions\.0\.topic: an MQTT topic filter[\s\S]*json\.subscriptions\.0\.mapping\.assetId/);
    expect(() => parseMqttSourceConfig({ ...base, format: 'json' })).toThrow(/json: format 'json' needs json.subscriptions/);
    expect(() => parseMqttSourceConfig({ ...base, format: 'sparkplugb' })).toThrow(/sparkplug: format 'sparkplugb' needs sparkplug.groupId/);
  });
});
