import { describe, expect, it } from 'vitest';
import { SparkplugConfigSchema } from '../src/sources/mqtt-config';
import { parseSparkplugTopic, sparkplugSubscriptions, DataType, type SparkplugTopic } from '../src/sources/sparkplug';
import type { SparkplugMetric, SparkplugPayload } from '../src/sources/sparkplug-decode';
import { SparkplugHost } from '../src/sources/sparkplug-host';
import { mergeCatalog } from '../src/sources/sparkplug-mapping';

describe('Sparkplug topics', () => {
  it('parses node, device and STATE topics', () => {
    expect(parseSparkplugTopic('spBv1.0/Lyon/NBIRTH/edge-1')).toEqual({ kind: 'node', groupId: 'Lyon', type: 'NBIRTH', edgeNode: 'edge-1' });
    expect(parseSparkplugTopic('spBv1.0/Lyon/DDATA/edge-1/P-101')).toEqual({ kind: 'device', groupId: 'Lyon', type: 'DDATA', edgeNode: 'edge-1', device: 'P-101' });
    expect(parseSparkplugTopic('spBv1.0/STATE/scada-1')).toEqual({ kind: 'state', hostId: 'scada-1' });
  });
  it.each([
    'spBv1.0/Lyon/NDATA', 'spBv1.0/Lyon/NDATA/edge/extra', 'spBv1.0/Lyon/DDATA/edge', 'spBv1.0/Lyon/XDATA/edge',
    'spAv1.0/Lyon/NDATA/edge', 'spBv1.0//NDATA/edge', 'plant/P-101/vibration',
  ])('rejects %s', (topic) => expect(parseSparkplugTopic(topic)).toBeNull());
  it('subscribes to the six edge-node message types of one group', () => {
    expect(sparkplugSubscriptions('Lyon', 'edge-1')).toContain('spBv1.0/Lyon/DDATA/edge-1/+');
    expect(sparkplugSubscriptions('Lyon')).toHaveLength(6);
  });
});

const T0 = 1_767_571_200_000;
const m = (fields: Partial<SparkplugMetric>): SparkplugMetric => ({ isHistorical: false, isTransient: false, isNull: false, raw: { field: 'none' }, properties: {}, ...fields });
const dbl = (value: number) => ({ field: 'double' as const, value });
const topic = (type: string, device?: string) => parseSparkplugTopic(`spBv1.0/Lyon/${type}/edge-1${device ? `/${device}` : ''}`) as SparkplugTopic;
const nbirth = (seq: number, bdSeq: number): SparkplugPayload => ({
  timestamp: T0, seq, metrics: [
    m({ name: 'bdSeq', datatype: DataType.Int64, raw: { field: 'long', value: BigInt(bdSeq) } }),
    m({ name: 'Node Control/Rebirth', datatype: DataType.Boolean, raw: { field: 'boolean', value: false } }),
    m({ name: 'Ambient', alias: 1, datatype: DataType.Float, raw: { field: 'float', value: 21.5 }, properties: { engUnit: '°C' } }),
  ],
});
const dbirth = (seq: number): SparkplugPayload => ({
  timestamp: T0 + 1, seq, metrics: [
    m({ name: 'vibration', alias: 10, datatype: DataType.Double, raw: dbl(2.5) }),
    m({ name: 'temperature', alias: 11, datatype: DataType.Double, raw: dbl(40) }),
    m({ name: 'Model', alias: 12, datatype: DataType.String, raw: { field: 'string', value: 'Etanorm' } }),
  ],
});
const ddata = (seq: number, metrics: SparkplugMetric[]): SparkplugPayload => ({ timestamp: T0 + 1000, seq, metrics });

function born(config = SparkplugConfigSchema.parse({ groupId: 'Lyon' })) {
  const host = new SparkplugHost({ config, declaredUnit: (id) => (id === 'P-101.vibration' ? 'mm/s' : undefined) });
  host.handle(topic('NBIRTH'), nbirth(0, 3), T0);
  host.handle(topic('DBIRTH', 'P-101'), dbirth(1), T0);
  return host;
}

describe('Sparkplug host state', () => {
  it('takes current values from the BIRTH certificates, skipping protocol and non-numeric metrics', () => {
    const host = new SparkplugHost({ config: SparkplugConfigSchema.parse({ groupId: 'Lyon' }) });
    const node = host.handle(topic('NBIRTH'), nbirth(0, 3), T0);
    expect(node.readings).toEqual([{ assetId: 'edge-1', sensorId: 'edge-1.Ambient', ts: T0, value: 21.5, unit: '°C', quality: 'good' }]);
    const dev = host.handle(topic('DBIRTH', 'P-101'), dbirth(1), T0);
    expect(dev.readings.map((r) => [r.sensorId, r.value])).toEqual([['P-101.vibration', 2.5], ['P-101.temperature', 40]]);
    expect(dev.learned).toBe(true);
  });

  it('resolves alias-only DATA through the last BIRTH, with metric timestamps and declared units', () => {
    const out = born().handle(topic('DDATA', 'P-101'), ddata(2, [m({ alias: 10, timestamp: T0 + 5, raw: dbl(3.25) }), m({ alias: 11, raw: dbl(41) })]), T0 + 9999);
    expect(out.issues).toEqual([]);
    expect(out.readings).toEqual([
      { assetId: 'P-101', sensorId: 'P-101.vibration', ts: T0 + 5, value: 3.25, unit: 'mm/s', quality: 'good' },
      { assetId: 'P-101', sensorId: 'P-101.temperature', ts: T0 + 1000, value: 41, unit: '', quality: 'good' },
    ]);
  });

  it('turns is_null into a bad-quality null reading', () => {
    const out = born().handle(topic('DDATA', 'P-101'), ddata(2, [m({ alias: 10, isNull: true })]), T0);
    expect(out.readings).toEqual([expect.objectContaining({ sensorId: 'P-101.vibration', value: null, quality: 'bad' })]);
  });

  it('reads the OPC DA code of a "Quality" property: 64–191 uncertain, below 64 bad', () => {
    const out = born().handle(topic('DDATA', 'P-101'), ddata(2, [
      m({ alias: 10, raw: dbl(1), properties: { Quality: 192 } }), m({ alias: 10, raw: dbl(2), properties: { Quality: 64 } }), m({ alias: 10, raw: dbl(3), properties: { Quality: 0 } }),
    ]), T0);
    expect(out.readings.map((r) => [r.value, r.quality])).toEqual([[1, 'good'], [2, 'uncertain'], [null, 'bad']]);
  });

  it('wraps seq from 255 to 0 without complaint', () => {
    const host = new SparkplugHost({ config: SparkplugConfigSchema.parse({ groupId: 'Lyon' }) });
    host.handle(topic('NBIRTH'), nbirth(254, 1), T0);
    expect(host.handle(topic('NDATA'), { seq: 255, metrics: [] }, T0).issues).toEqual([]);
    expect(host.handle(topic('NDATA'), { seq: 0, metrics: [] }, T0).issues).toEqual([]);
  });

  it('marks the node stale on a seq gap and asks for a rebirth, at most once per interval', () => {
    const host = born();
    const gap = host.handle(topic('DDATA', 'P-101'), ddata(5, [m({ alias: 10, raw: dbl(3) })]), T0);
    expect(gap.issues[0]).toMatchObject({ code: 'SEQ_GAP', detail: 'seq 5, expected 2' });
    expect(gap.rebirth).toBe('edge-1');
    expect(gap.readings[0]!.quality).toBe('uncertain');
    expect(host.isStale('edge-1')).toBe(true);
    expect(host.handle(topic('DDATA', 'P-101'), ddata(9, []), T0 + 1000).rebirth).toBeNull();
    expect(host.handle(topic('DDATA', 'P-101'), ddata(11, []), T0 + 6000).rebirth).toBe('edge-1');
    host.handle(topic('NBIRTH'), nbirth(0, 4), T0 + 7000);
    expect(host.isStale('edge-1')).toBe(false);
  });

  it('asks for a rebirth when DATA comes from a node or alias it has no BIRTH for', () => {
    const host = new SparkplugHost({ config: SparkplugConfigSchema.parse({ groupId: 'Lyon' }) });
    expect(host.handle(topic('DDATA', 'P-101'), ddata(7, [m({ alias: 10, raw: dbl(1) })]), T0)).toMatchObject({ readings: [], rebirth: 'edge-1', issues: [{ code: 'NO_BIRTH' }] });
    const unknown = born().handle(topic('DDATA', 'P-101'), ddata(2, [m({ alias: 99, raw: dbl(1) })]), T0);
    expect(unknown).toMatchObject({ readings: [], rebirth: 'edge-1', issues: [{ code: 'UNKNOWN_METRIC' }] });
  });

  it('DDEATH makes the device bad until its next DBIRTH', () => {
    const host = born();
    const death = host.handle(topic('DDEATH', 'P-101'), { timestamp: T0 + 50, seq: 2, metrics: [] }, T0 + 60);
    expect(death.readings).toEqual([
      { assetId: 'P-101', sensorId: 'P-101.vibration', ts: T0 + 50, value: null, unit: 'mm/s', quality: 'bad' },
      { assetId: 'P-101', sensorId: 'P-101.temperature', ts: T0 + 50, value: null, unit: '', quality: 'bad' },
    ]);
    const after = host.handle(topic('DDATA', 'P-101'), ddata(3, [m({ alias: 10, raw: dbl(9) })]), T0 + 70);
    expect(after.readings).toEqual([expect.objectContaining({ value: null, quality: 'bad' })]);
    host.handle(topic('DBIRTH', 'P-101'), dbirth(4), T0 + 80);
    expect(host.handle(topic('DDATA', 'P-101'), ddata(5, [m({ alias: 10, raw: dbl(9) })]), T0 + 90).readings[0]).toMatchObject({ value: 9, quality: 'good' });
  });

  it('NDEATH makes the node and its devices bad, but an NDEATH of an older session (bdSeq) is ignored', () => {
    const host = born();
    const old = host.handle(topic('NDEATH'), { metrics: [m({ name: 'bdSeq', datatype: DataType.Int64, raw: { field: 'long', value: 2n } })] }, T0 + 10);
    expect(old).toMatchObject({ readings: [], issues: [{ code: 'STALE_DEATH' }] });
    const death = host.handle(topic('NDEATH'), { timestamp: T0 - 99_000, metrics: [m({ name: 'bdSeq', datatype: DataType.Int64, raw: { field: 'long', value: 3n } })] }, T0 + 20);
    expect(death.readings.map((r) => [r.sensorId, r.value, r.quality, r.ts])).toEqual([
      ['edge-1.Ambient', null, 'bad', T0 + 20], ['P-101.vibration', null, 'bad', T0 + 20], ['P-101.temperature', null, 'bad', T0 + 20],
    ]);
  });

  it('maps metrics by rule, ignores what a rule says to ignore, and lets learned sensors join the catalog', () => {
    const config = SparkplugConfigSchema.parse({ groupId: 'Lyon', deviceMap: [
      { device: 'P-101', metric: 'temperature', sensorId: 'P-101.temperature', unit: '°C', kind: 'temperature', min: -20, max: 150 },
      { device: '', ignore: true },
      { device: 'P-101', metric: 'vib*', assetId: 'P-101', sensorId: 'P-101.vibration', min: 0, max: 25 },
    ] });
    const host = new SparkplugHost({ config });
    expect(host.handle(topic('NBIRTH'), nbirth(0, 1), T0).readings).toEqual([]);
    const dev = host.handle(topic('DBIRTH', 'P-101'), dbirth(1), T0);
    expect(dev.readings.map((r) => [r.sensorId, r.unit])).toEqual([['P-101.vibration', ''], ['P-101.temperature', '°C']]);
    const asset = { id: 'P-101', name: 'Pump', type: 'centrifugal-pump' as const, site: '', area: '', line: '', location: { lat: 0, lon: 0 }, sensors: [] };
    const [merged] = mergeCatalog([asset], host.learned());
    expect(merged!.sensors).toEqual([
      { id: 'P-101.vibration', kind: 'vibration', unit: '', min: 0, max: 25, samplingHz: 0 },
      { id: 'P-101.temperature', kind: 'temperature', unit: '°C', min: -20, max: 150, samplingHz: 0 },
    ]);
  });
});
