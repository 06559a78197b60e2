/**
 * One poll of a device: run the planned reads one after the other (many devices serve a single
 * request at a time) and turn every point into exactly one reading stamped with the poll time.
 * A point whose read failed gets `quality: 'bad', value: null`: a visible gap, never a guess.
 */
import type { Reading } from '@vigie/plant-simulator';
import { TYPE_WORDS, type ModbusPoint, type RegisterTable } from './modbus-config';
import { ModbusReadError } from './modbus-connection';
import { decodeValue, type PlannedRead } from './modbus-decode';

export type ReadFn = (table: RegisterTable, address: number, count: number) => Promise<number[]>;

export interface ReadFailure {
  read: PlannedRead<ModbusPoint>;
  error: ModbusReadError;
}

export interface PollOutcome {
  readings: Reading[];
  failures: ReadFailure[];
  /** Reads attempted, including the per-point retries of a rejected merged read. */
  requests: number;
  /** Points of a merged read the device rejected as a whole, now read alone: plan them apart from now on. */
  isolated: ModbusPoint[];
  disconnected: boolean;
}

/** Exception 02: the request touched an address the device does not map. */
const ILLEGAL_DATA_ADDRESS = 2;

const reading = (p: ModbusPoint, ts: number, value: number | null): Reading => ({
  assetId: p.assetId, sensorId: p.sensorId, ts, unit: p.unit,
  value, quality: value === null ? 'bad' : 'good',
});

/** Every point bad at `ts`: what a poll reports for a device it cannot reach. */
export function badReadings(points: readonly ModbusPoint[], ts: number): Reading[] {
  return points.map((p) => reading(p, ts, null));
}

function decodeAll(read: PlannedRead<ModbusPoint>, words: number[], ts: number, into: Reading[]): void {
  for (const { point, offset } of read.points) {
    const value = decodeValue(words, offset, point);
    // A float register holding NaN or ±Inf is how many transmitters report a fault.
    into.push(reading(point, ts, Number.isFinite(value) ? value : null));
  }
}

const asReadError = (error: unknown): ModbusReadError =>
  error instanceof ModbusReadError ? error : new ModbusReadError('protocol', String(error));

export async function pollDevice(reads: readonly PlannedRead<ModbusPoint>[], read: ReadFn, ts: number): Promise<PollOutcome> {
  const outcome: PollOutcome = { readings: [], failures: [], requests: 0, isolated: [], disconnected: false };
  const attempt = async (r: PlannedRead<ModbusPoint>): Promise<ModbusReadError | null> => {
    if (outcome.disconnected) return new ModbusReadError('disconnected', 'connection lost earlier in this poll');
    outcome.requests++;
    try {
      const words = await read(r.table, r.address, r.count);
      // Decoded apart first: a short response fails the whole read, never half of it.
      const decoded: Reading[] = [];
      decodeAll(r, words, ts, decoded);
      outcome.readings.push(...decoded);
      return null;
    } catch (error) {
      const e = asReadError(error);
      if (e.kind === 'disconnected') outcome.disconnected = true;
      return e;
    }
  };
  const fail = (r: PlannedRead<ModbusPoint>, error: ModbusReadError): void => {
    outcome.failures.push({ read: r, error });
    outcome.readings.push(...badReadings(r.points.map((p) => p.point), ts));
  };

  for (const r of reads) {
    const error = await attempt(r);
    if (!error) continue;
    const splittable = error.kind === 'exception' && error.exceptionCode === ILLEGAL_DATA_ADDRESS && r.points.length > 1;
    if (!splittable) { fail(r, error); continue; }
    // One unmapped address spoils a merged read; read its points alone so the good ones still flow.
    for (const { point } of r.points) {
      outcome.isolated.push(point);
      const { address, type } = point.register;
      const single: PlannedRead<ModbusPoint> = { table: r.table, address, count: TYPE_WORDS[type], points: [{ point, offset: 0 }] };
      const singleError = await attempt(single);
      if (singleError) fail(single, singleError);
    }
  }
  return outcome;
}
