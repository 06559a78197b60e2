/**
 * The inverse of modbus-decode: a number → the words a device would hold for it, in any word
 * and byte order. Serves whoever plays the device (the simulator's Modbus server, tests), so
 * both sides of the wire share one definition of each order.
 */
import { TYPE_WORDS } from './modbus-config';
import type { RegisterFormat } from './modbus-decode';

const scratch = new DataView(new ArrayBuffer(8));

const INT_RANGES = {
  int16: [-0x8000, 0x7fff],
  uint16: [0, 0xffff],
  int32: [-0x80000000, 0x7fffffff],
  uint32: [0, 0xffffffff],
} as const;

/** Words for a raw value; integers must be whole and in range (a register cannot hold 70000 in 16 bits). */
export function encodeRaw(value: number, format: RegisterFormat): number[] {
  const { type } = format;
  if (type === 'bool') return [value ? 1 : 0];
  if (type in INT_RANGES) {
    const [lo, hi] = INT_RANGES[type as keyof typeof INT_RANGES];
    if (!Number.isInteger(value) || value < lo || value > hi) throw new RangeError(`${value} does not fit ${type}`);
  }
  switch (type) {
    case 'int16': scratch.setInt16(0, value); break;
    case 'uint16': scratch.setUint16(0, value); break;
    case 'int32': scratch.setInt32(0, value); break;
    case 'uint32': scratch.setUint32(0, value); break;
    case 'float32': scratch.setFloat32(0, value); break;
    case 'float64': scratch.setFloat64(0, value); break;
  }
  const count = TYPE_WORDS[type];
  const words: number[] = [];
  for (let i = 0; i < count; i++) {
    const hi = scratch.getUint8(2 * i);
    const lo = scratch.getUint8(2 * i + 1);
    words.push(format.byteOrder === 'big' ? (hi << 8) | lo : (lo << 8) | hi);
  }
  return format.wordOrder === 'big' ? words : words.reverse();
}

/** Words a device would hold for an engineering value: (value − offset) / scale, rounded for integer types. */
export function encodeValue(value: number, point: { register: RegisterFormat; scale: number; offset: number }): number[] {
  const raw = (value - point.offset) / point.scale;
  const isFloat = point.register.type === 'float32' || point.register.type === 'float64';
  return encodeRaw(isFloat ? raw : Math.round(raw), point.register);
}
