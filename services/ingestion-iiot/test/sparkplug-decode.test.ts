/**
 * Sparkplug B payloads built byte by byte from sparkplug_b.proto (field numbers and wire types written out
 * here), so the decoder is checked against the specification rather than against the library's own encoder.
 */
import { describe, expect, it } from 'vitest';
import { decodeSparkplugPayload, encodeRebirthRequest, numericValue, typedValue } from '../src/sources/sparkplug-decode';
import { DataType } from '../src/sources/sparkplug';

// ---- a minimal protobuf writer: wire type 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32 ----
type Bytes = number[];
function varint(value: bigint | number): Bytes {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: Bytes = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return out;
}
const key = (field: number, wire: 0 | 1 | 2 | 5): Bytes => varint((field << 3) | wire);
const vint = (field: number, v: bigint | number | boolean): Bytes => [...key(field, 0), ...varint(typeof v === 'boolean' ? (v ? 1 : 0) : v)];
const len = (field: number, body: Bytes): Bytes => [...key(field, 2), ...varint(body.length), ...body];
const str = (field: number, s: string): Bytes => len(field, [...new TextEncoder().encode(s)]);
function fixed64(field: number, v: number): Bytes {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, v, true); // protobuf fixed-width fields are little-endian
  return [...key(field, 1), ...new Uint8Array(b.buffer)];
}
function fixed32(field: number, v: number): Bytes {
  const b = new DataView(new ArrayBuffer(4));
  b.setFloat32(0, v, true);
  return [...key(field, 5), ...new Uint8Array(b.buffer)];
}

// Payload: timestamp=1 uint64, metrics=2 Metric, seq=3 uint64, uuid=4 string, body=5 bytes.
// Metric: name=1, alias=2 uint64, timestamp=3 uint64, datatype=4 uint32, is_historical=5, is_transient=6,
// is_null=7, metadata=8, properties=9 PropertySet, int_value=10 uint32, long_value=11 uint64, float_value=12 float,
// double_value=13 double, boolean_value=14 bool, string_value=15 string, bytes_value=16.
// PropertySet: keys=1 repeated string, values=2 repeated PropertyValue (type=1, is_null=2, … string_value=8).
const TS = 1_767_571_200_123; // 2026-01-05T00:00:00.123Z, beyond 32 bits on purpose
const metric = (...fields: Bytes[]): Bytes => len(2, fields.flat());
const properties = (entries: [string, Bytes][]): Bytes =>
  len(9, [...entries.flatMap(([k]) => str(1, k)), ...entries.flatMap(([, v]) => len(2, v))]);

const bytes = new Uint8Array([
  ...vint(1, TS),
  metric(str(1, 'Motor/Temperature'), vint(2, 7), vint(3, TS + 1), vint(4, DataType.Double), fixed64(13, 71.25),
    properties([['engUnit', [...vint(1, DataType.String), ...str(8, '°C')]], ['engHigh', [...vint(1, DataType.Double), ...fixed64(6, 150)]]])),
  metric(str(1, 'Offset'), vint(2, 8), vint(4, DataType.Int32), vint(10, 2 ** 32 - 5)), // -5 as two's complement
  metric(str(1, 'Counter'), vint(2, 9), vint(4, DataType.Int64), vint(11, -3n)), // -3 as 64-bit two's complement
  metric(str(1, 'Energy'), vint(4, DataType.UInt64), vint(11, 2n ** 40n + 1n)),
  metric(str(1, 'Speed'), vint(4, DataType.Float), fixed32(12, 1480.5)),
  metric(str(1, 'Running'), vint(4, DataType.Boolean), vint(14, true)),
  metric(str(1, 'Model'), vint(4, DataType.String), str(15, 'KSB Etanorm')),
  metric(str(1, 'Pressure'), vint(2, 12), vint(4, DataType.Double), vint(5, true), vint(6, true), vint(7, true)),
  metric(vint(2, 7), vint(3, TS + 2), fixed64(13, -0.5)), // alias only, no datatype: a DATA metric
  ...vint(3, 255),
  ...str(4, 'a1b2'),
  ...len(5, [0xde, 0xad]),
].flat());

describe('Sparkplug B payload decoding, byte for byte', () => {
  const p = decodeSparkplugPayload(bytes);

  it('reads the payload header fields', () => {
    expect(p.timestamp).toBe(TS);
    expect(p.seq).toBe(255);
    expect(p.uuid).toBe('a1b2');
    expect([...(p.body ?? [])]).toEqual([0xde, 0xad]);
    expect(p.metrics).toHaveLength(9);
  });

  it('reads every metric field and property', () => {
    expect(p.metrics[0]).toEqual({
      name: 'Motor/Temperature', alias: 7, timestamp: TS + 1, datatype: DataType.Double,
      isHistorical: false, isTransient: false, isNull: false,
      raw: { field: 'double', value: 71.25 }, properties: { engUnit: '°C', engHigh: 150 },
    });
    const flags = p.metrics[7]!;
    expect(flags).toMatchObject({ name: 'Pressure', alias: 12, isHistorical: true, isTransient: true, isNull: true, raw: { field: 'none' } });
    expect(p.metrics[8]).toEqual({ alias: 7, timestamp: TS + 2, isHistorical: false, isTransient: false, isNull: false, raw: { field: 'double', value: -0.5 }, properties: {} });
  });

  it('reinterprets wire integers through the datatype', () => {
    const [, offset, counter, energy, speed, running, model] = p.metrics;
    expect(offset!.raw).toEqual({ field: 'int', value: 2 ** 32 - 5 });
    expect(typedValue(offset!.datatype, offset!.raw)).toBe(-5);
    expect(counter!.raw).toEqual({ field: 'long', value: 2n ** 64n - 3n });
    expect(typedValue(counter!.datatype, counter!.raw)).toBe(-3n);
    expect(numericValue(counter!.datatype, counter!.raw)).toBe(-3);
    expect(typedValue(energy!.datatype, energy!.raw)).toBe(2n ** 40n + 1n);
    expect(numericValue(speed!.datatype, speed!.raw)).toBe(1480.5); // exactly representable in float32
    expect(numericValue(running!.datatype, running!.raw)).toBe(1);
    expect(typedValue(model!.datatype, model!.raw)).toBe('KSB Etanorm');
    expect(numericValue(model!.datatype, model!.raw)).toBeUndefined();
  });

  it('types an alias-only DATA value with the datatype its BIRTH declared', () => {
    expect(p.metrics[8]!.datatype).toBeUndefined();
    expect(numericValue(DataType.Double, p.metrics[8]!.raw)).toBe(-0.5);
  });

  it('rejects bytes that are not a Payload', () => {
    expect(() => decodeSparkplugPayload(new Uint8Array([0x0a, 0xff, 0xff]))).toThrow();
  });

  it('encodes the rebirth request the spec defines: NCMD metric Node Control/Rebirth, Boolean true', () => {
    const expected = new Uint8Array([
      ...vint(1, TS),
      ...metric(str(1, 'Node Control/Rebirth'), vint(3, TS), vint(4, DataType.Boolean), vint(14, true)),
    ]);
    expect([...encodeRebirthRequest(TS)]).toEqual([...expected]);
  });
});
