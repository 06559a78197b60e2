import { describe, expect, it } from 'vitest';
import {
  createJsonEncoder,
  createPlant,
  createSparkplugNode,
  decodeSparkplug,
  encodeSparkplug,
  REBIRTH_METRIC,
  SPARKPLUG_QUALITY,
  type MqttMessage,
  type Reading,
} from '../src/index';

const START = Date.UTC(2026, 0, 5, 6, 0, 0);
const ids = { groupId: 'Vigie', edgeNode: 'sim-1' };
/** protobufjs decodes uint64 as Long when it does not fit a double exactly; both compare as numbers. */
const num = (v: unknown): number => (typeof v === 'number' ? v : (v as { toNumber(): number }).toNumber());
const bytes = (m: MqttMessage): Uint8Array => (typeof m.payload === 'string' ? new TextEncoder().encode(m.payload) : m.payload);

describe('JSON messages', () => {
  it('publishes vigie/<site>/<asset>/<sensor> with value, ts, unit and quality', () => {
    const plant = createPlant({ seed: 1, startTime: START });
    const readings = plant.step(START + 12_000);
    const messages = createJsonEncoder(plant.catalog())(readings);
    expect(messages).toHaveLength(readings.length);
    const vib = messages.find((m) => m.topic === 'vigie/Lyon-Gerland/P-101/vibration')!;
    const reading = readings.find((r) => r.sensorId === 'P-101.vibration')!;
    expect(JSON.parse(vib.payload as string)).toEqual({ value: reading.value, ts: reading.ts, unit: 'mm/s', quality: 'good' });
    expect(vib).toMatchObject({ qos: 0, retain: false });
  });
});

describe('Sparkplug B messages', () => {
  const plant = createPlant({ seed: 1, startTime: START });
  const catalog = plant.catalog();
  plant.step(START + 60_000);

  it('births the node with seq 0 and bdSeq, then one device per asset with named, aliased metrics', () => {
    const node = createSparkplugNode(catalog, ids, 7);
    const [nbirth, ...dbirths] = node.birth(START, (id) => plant.latest(id));
    expect(nbirth!.topic).toBe('spBv1.0/Vigie/NBIRTH/sim-1');
    const n = decodeSparkplug(bytes(nbirth!));
    expect(num(n.seq)).toBe(0);
    expect(n.metrics!.map((m) => [m.name, m.type])).toEqual([['bdSeq', 'UInt64'], [REBIRTH_METRIC, 'Boolean']]);
    expect(num(n.metrics![0]!.value)).toBe(7);

    expect(dbirths.map((m) => m.topic)).toEqual(catalog.map((a) => `spBv1.0/Vigie/DBIRTH/sim-1/${a.id}`));
    const decoded = dbirths.map((m) => decodeSparkplug(bytes(m)));
    expect(decoded.map((p) => num(p.seq))).toEqual(catalog.map((_, i) => i + 1));
    const first = decoded[0]!.metrics!;
    expect(first.map((m) => m.name)).toEqual(catalog[0]!.sensors.map((s) => s.kind));
    expect(first[0]).toMatchObject({ type: 'Double', value: plant.latest('P-101.vibration')!.value });
    expect(first[0]!.properties!.engUnit).toMatchObject({ type: 'String', value: 'mm/s' });
    const aliases = decoded.flatMap((p) => p.metrics!.map((m) => num(m.alias)));
    expect(new Set(aliases).size).toBe(aliases.length); // unique across the whole edge node
  });

  it('sends DDATA by alias only, seq wrapping 255 → 0, and marks non-good quality', () => {
    const node = createSparkplugNode(catalog, ids, 0);
    const births = node.birth(START, (id) => plant.latest(id));
    const reading: Reading = { assetId: 'P-101', sensorId: 'P-101.vibration', ts: START + 1, value: 3.5, unit: 'mm/s', quality: 'good' };
    const seqs: number[] = [];
    for (let i = 0; i < 300; i++) seqs.push(...node.data([{ ...reading, ts: START + i }]).map((m) => num(decodeSparkplug(bytes(m)).seq)));
    expect(seqs[0]).toBe(births.length % 256);
    const wrap = seqs.indexOf(255);
    expect(seqs[wrap + 1]).toBe(0);
    expect(Math.max(...seqs)).toBe(255);

    const [ddata] = node.data([reading, { ...reading, sensorId: 'P-101.temperature', value: null, quality: 'bad', unit: '°C' }]);
    expect(ddata!.topic).toBe('spBv1.0/Vigie/DDATA/sim-1/P-101');
    const metrics = decodeSparkplug(bytes(ddata!)).metrics!;
    expect(metrics.every((m) => m.name === undefined)).toBe(true);
    expect(metrics.map((m) => num(m.alias))).toEqual([1, 4]);
    expect(metrics[0]).toMatchObject({ value: 3.5, type: 'Double' });
    expect(num(metrics[0]!.timestamp)).toBe(START + 1);
    expect(metrics[1]!.value).toBeNull();
    expect(metrics[1]!.properties!.Quality).toMatchObject({ value: SPARKPLUG_QUALITY.bad });
  });

  it('has DDEATH with seq and NDEATH with the session bdSeq and no seq', () => {
    const node = createSparkplugNode(catalog, ids, 42);
    node.birth(START, () => undefined);
    const deaths = node.deviceDeaths(START);
    expect(deaths.map((m) => m.topic)).toEqual(catalog.map((a) => `spBv1.0/Vigie/DDEATH/sim-1/${a.id}`));
    expect(num(decodeSparkplug(bytes(deaths[0]!)).seq)).toBe(catalog.length + 1);
    const ndeath = node.death(START);
    expect(ndeath).toMatchObject({ topic: 'spBv1.0/Vigie/NDEATH/sim-1', qos: 1 });
    const payload = decodeSparkplug(bytes(ndeath));
    expect(payload.seq ?? null).toBeNull();
    expect(num(payload.metrics![0]!.value)).toBe(42);
  });

  it('recognises a Node Control/Rebirth NCMD and ignores anything else', () => {
    const node = createSparkplugNode(catalog, ids, 0);
    const rebirth = encodeSparkplug({ timestamp: START, metrics: [{ name: REBIRTH_METRIC, type: 'Boolean', value: true }] });
    expect(node.isRebirthRequest('spBv1.0/Vigie/NCMD/sim-1', rebirth)).toBe(true);
    expect(node.isRebirthRequest('spBv1.0/Vigie/NCMD/other', rebirth)).toBe(false);
    const no = encodeSparkplug({ timestamp: START, metrics: [{ name: REBIRTH_METRIC, type: 'Boolean', value: false }] });
    expect(node.isRebirthRequest('spBv1.0/Vigie/NCMD/sim-1', no)).toBe(false);
    expect(node.isRebirthRequest('spBv1.0/Vigie/NCMD/sim-1', new Uint8Array([0xff, 0xff, 0xff]))).toBe(false);
  });
});
