/**
 * Pure Modbus decoding: 16-bit words → numbers, and the read plan that fetches a device's
 * points in as few requests as the protocol allows. No I/O, so every order is unit-tested.
 *
 * Orders, named after the bytes A B C D of a 32-bit value (A most significant):
 *   wordOrder big,    byteOrder big    → ABCD (the Modbus spec's own order)
 *   wordOrder little, byteOrder big    → CDAB (word-swapped, common on PLCs)
 *   wordOrder big,    byteOrder little → BADC (byte-swapped)
 *   wordOrder little, byteOrder little → DCBA (fully little-endian)
 * 64-bit values extend the same rule to four words.
 */
import { TYPE_WORDS, isBitTable, type ModbusRegister, type RegisterTable } from './modbus-config';

export type RegisterFormat = Pick<ModbusRegister, 'type' | 'wordOrder' | 'byteOrder'>;

// One scratch buffer: decoding runs once per point per poll and must not allocate.
const scratch = new DataView(new ArrayBuffer(8));

/** Lays the words into `scratch` in big-endian byte order, undoing the device's word and byte order. */
function gather(words: ArrayLike<number>, offset: number, count: number, format: RegisterFormat): void {
  if (offset < 0 || offset + count > words.length) {
    throw new RangeError(`${format.type} needs ${count} words at offset ${offset}; the response has ${words.length}`);
  }
  for (let i = 0; i < count; i++) {
    const word = words[offset + (format.wordOrder === 'big' ? i : count - 1 - i)] ?? 0;
    const hi = (word >>> 8) & 0xff;
    const lo = word & 0xff;
    scratch.setUint8(2 * i, format.byteOrder === 'big' ? hi : lo);
    scratch.setUint8(2 * i + 1, format.byteOrder === 'big' ? lo : hi);
  }
}

/** The raw (unscaled) value of one point whose first word is `words[offset]`; a bool reads 0 or 1. */
export function decodeRaw(words: ArrayLike<number>, offset: number, format: RegisterFormat): number {
  const { type } = format;
  gather(words, offset, TYPE_WORDS[type], format);
  switch (type) {
    case 'bool': return words[offset] ? 1 : 0;
    case 'int16': return scratch.getInt16(0);
    case 'uint16': return scratch.getUint16(0);
    case 'int32': return scratch.getInt32(0);
    case 'uint32': return scratch.getUint32(0);
    case 'float32': return scratch.getFloat32(0);
    case 'float64': return scratch.getFloat64(0);
  }
}

/** Engineering value: raw · scale + offset. */
export function decodeValue(
  words: ArrayLike<number>,
  offset: number,
  point: { register: RegisterFormat; scale: number; offset: number },
): number {
  return decodeRaw(words, offset, point.register) * point.scale + point.offset;
}

/** The protocol's ceilings for one read (Modbus Application Protocol v1.1b3, FC 1–4). */
export const MAX_REGISTERS_PER_READ = 125;
export const MAX_BITS_PER_READ = 2000;

export interface PlannedRead<P> {
  table: RegisterTable;
  address: number;
  count: number;
  /** Each point with the index of its first word (or bit) in the response. */
  points: { point: P; offset: number }[];
}

export interface PlanOptions<P> {
  /**
   * Unmapped words a request may read through to join two points. 0 by default: many devices
   * answer a read that touches an unmapped address with exception 02 for the whole request.
   */
  maxGap?: number;
  /** Points that must be read alone (their neighbours in a merged read were rejected). */
  isolate?: (point: P) => boolean;
}

/**
 * Merges the points of each table into the fewest reads: sorted by address, a read grows while
 * the next point starts within `maxGap` of its end and it stays within the protocol's ceiling.
 * On intervals sorted by start this greedy sweep is optimal.
 */
export function planReads<P extends { register: Pick<ModbusRegister, 'table' | 'address' | 'type'> }>(
  points: readonly P[],
  options: PlanOptions<P> = {},
): PlannedRead<P>[] {
  const maxGap = options.maxGap ?? 0;
  const sorted = [...points].sort((a, b) =>
    a.register.table === b.register.table ? a.register.address - b.register.address : a.register.table < b.register.table ? -1 : 1);
  const reads: PlannedRead<P>[] = [];
  let open: PlannedRead<P> | undefined;
  let openAlone = false;
  for (const point of sorted) {
    const { table, address, type } = point.register;
    const end = address + TYPE_WORDS[type];
    const limit = isBitTable(table) ? MAX_BITS_PER_READ : MAX_REGISTERS_PER_READ;
    const alone = options.isolate?.(point) ?? false;
    const joins = open !== undefined && !alone && !openAlone && open.table === table
      && address <= open.address + open.count + maxGap && Math.max(end, open.address + open.count) - open.address <= limit;
    if (open && joins) {
      open.count = Math.max(end, open.address + open.count) - open.address;
      open.points.push({ point, offset: address - open.address });
    } else {
      open = { table, address, count: end - address, points: [{ point, offset: 0 }] };
      openAlone = alone;
      reads.push(open);
    }
  }
  return reads;
}
