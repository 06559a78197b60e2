import { describe, expect, it } from 'vitest';
import { REGISTER_TYPES, type ModbusRegister, type RegisterType } from '../src/sources/modbus-config';
import { MAX_BITS_PER_READ, MAX_REGISTERS_PER_READ, decodeRaw, decodeValue, planReads } from '../src/sources/modbus-decode';
import { encodeRaw, encodeValue } from '../src/sources/modbus-encode';

type Order = 'big' | 'little';
const ORDERS: readonly (readonly [Order, Order])[] = [['big', 'big'], ['little', 'big'], ['big', 'little'], ['little', 'little']];

// Words as the Modbus spec sends them (ABCD), taken from Python's struct.pack('>…'), an encoder we did not write.
const VECTORS: readonly (readonly [RegisterType, number, readonly number[]])[] = [
  ['int16', -2, [0xfffe]],
  ['int16', -32768, [0x8000]],
  ['int16', 32767, [0x7fff]],
  ['uint16', 65535, [0xffff]],
  ['uint16', 0x1234, [0x1234]],
  ['int32', -123456789, [0xf8a4, 0x32eb]],
  ['int32', -1, [0xffff, 0xffff]],
  ['uint32', 4294967295, [0xffff, 0xffff]],
  ['uint32', 0x12345678, [0x1234, 0x5678]],
  ['float32', Math.fround(3.14), [0x4048, 0xf5c3]],
  ['float32', -0.5, [0xbf00, 0x0000]],
  ['float32', Math.fround(0.001), [0x3a83, 0x126f]],
  ['float64', Math.PI, [0x4009, 0x21fb, 0x5444, 0x2d18]],
  ['float64', -1234.5678, [0xc093, 0x4a45, 0x6d5c, 0xfaad]],
];

/** The device's layout of ABCD words: word order reverses the words, byte order swaps each word's bytes. */
function arrange(abcd: readonly number[], wordOrder: Order, byteOrder: Order): number[] {
  const words = wordOrder === 'big' ? [...abcd] : [...abcd].reverse();
  return byteOrder === 'big' ? words : words.map((w) => ((w & 0xff) << 8) | (w >>> 8));
}

describe('decodeRaw', () => {
  for (const [type, value, abcd] of VECTORS) {
    for (const [wordOrder, byteOrder] of ORDERS) {
      it(`${type} ${value} in word order ${wordOrder}, byte order ${byteOrder}`, () => {
        const format = { type, wordOrder, byteOrder };
        const words = arrange(abcd, wordOrder, byteOrder);
        // Surrounded by other registers, as in a merged read.
        expect(decodeRaw([0xdead, ...words, 0xbeef], 1, format)).toBe(value);
        expect(encodeRaw(value, format)).toEqual(words);
      });
    }
  }

  it('names the four 32-bit orders as ABCD, CDAB, BADC, DCBA', () => {
    const at = (wordOrder: Order, byteOrder: Order, words: number[]) => decodeRaw(words, 0, { type: 'uint32', wordOrder, byteOrder });
    expect(at('big', 'big', [0x1234, 0x5678])).toBe(0x12345678);
    expect(at('little', 'big', [0x5678, 0x1234])).toBe(0x12345678);
    expect(at('big', 'little', [0x3412, 0x7856])).toBe(0x12345678);
    expect(at('little', 'little', [0x7856, 0x3412])).toBe(0x12345678);
  });

  it('reads a coil or discrete bit as 0 or 1', () => {
    const format = { type: 'bool', wordOrder: 'big', byteOrder: 'big' } as const;
    expect([0, 1, 0].map((_, i) => decodeRaw([0, 1, 0], i, format))).toEqual([0, 1, 0]);
  });

  it('refuses a value that runs past the end of the response rather than reading garbage', () => {
    expect(() => decodeRaw([0x4009, 0x21fb], 0, { type: 'float64', wordOrder: 'big', byteOrder: 'big' })).toThrow(RangeError);
    expect(() => decodeRaw([0x1234], 0, { type: 'int32', wordOrder: 'big', byteOrder: 'big' })).toThrow(/needs 2 words/);
  });

  it('round-trips every type and order through the encoder', () => {
    const samples: Record<RegisterType, number[]> = {
      bool: [0, 1], int16: [-32768, -1, 0, 12345], uint16: [0, 40000], int32: [-2147483648, -42, 2147483647],
      uint32: [0, 3_000_000_000], float32: [Math.fround(-273.15), Math.fround(1e-20)], float64: [-0, 1e300, -Number.EPSILON],
    };
    for (const type of REGISTER_TYPES) {
      for (const [wordOrder, byteOrder] of ORDERS) {
        for (const v of samples[type]) expect(decodeRaw(encodeRaw(v, { type, wordOrder, byteOrder }), 0, { type, wordOrder, byteOrder })).toBe(v);
      }
    }
    expect(() => encodeRaw(70000, { type: 'int16', wordOrder: 'big', byteOrder: 'big' })).toThrow(/does not fit/);
  });
});

describe('decodeValue', () => {
  it('applies raw · scale + offset', () => {
    const point = { register: { type: 'int16', wordOrder: 'big', byteOrder: 'big' } as const, scale: 0.1, offset: -40 };
    expect(decodeValue([0xfffe], 0, point)).toBeCloseTo(-40.2, 10);
    expect(decodeValue(encodeValue(85.3, point), 0, point)).toBeCloseTo(85.3, 10);
  });
});

const reg = (table: ModbusRegister['table'], address: number, type: RegisterType, id = `${table}${address}`) => ({ id, register: { table, address, type } });

describe('planReads', () => {
  it('merges adjacent and overlapping points of one table into one read, tables apart', () => {
    const plan = planReads([reg('holding', 3, 'float32'), reg('holding', 0, 'int16'), reg('holding', 1, 'uint32'), reg('input', 5, 'int16'), reg('holding', 2, 'int16')]);
    expect(plan.map((r) => [r.table, r.address, r.count])).toEqual([['holding', 0, 5], ['input', 5, 1]]);
    expect(plan[0]?.points.map((p) => [p.point.id, p.offset])).toEqual([['holding0', 0], ['holding1', 1], ['holding2', 2], ['holding3', 3]]);
  });

  it('does not read through unmapped addresses unless allowed to', () => {
    const points = [reg('holding', 0, 'int16'), reg('holding', 3, 'int16')];
    expect(planReads(points)).toHaveLength(2);
    expect(planReads(points, { maxGap: 2 }).map((r) => [r.address, r.count])).toEqual([[0, 4]]);
  });

  it('splits at the protocol ceilings: 125 registers, 2000 bits', () => {
    const registers = Array.from({ length: 130 }, (_, i) => reg('input', i, 'uint16'));
    expect(planReads(registers).map((r) => r.count)).toEqual([MAX_REGISTERS_PER_READ, 5]);
    // A float64 never straddles two reads: 31 fit in 124 registers, the 32nd starts a new read.
    const doubles = Array.from({ length: 40 }, (_, i) => reg('holding', 4 * i, 'float64'));
    expect(planReads(doubles).map((r) => r.count)).toEqual([124, 36]);
    const coils = Array.from({ length: 2500 }, (_, i) => reg('coil', i, 'bool'));
    expect(planReads(coils).map((r) => r.count)).toEqual([MAX_BITS_PER_READ, 500]);
  });

  it('keeps isolated points in reads of their own', () => {
    const points = [reg('holding', 0, 'int16'), reg('holding', 1, 'int16'), reg('holding', 2, 'int16')];
    const plan = planReads(points, { isolate: (p) => p.id === 'holding1' });
    expect(plan.map((r) => [r.address, r.count])).toEqual([[0, 1], [1, 1], [2, 1]]);
  });
});
