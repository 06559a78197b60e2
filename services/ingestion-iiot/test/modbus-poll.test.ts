import { describe, expect, it } from 'vitest';
import { parseModbusDeviceConfig, type ModbusPoint } from '../src/sources/modbus-config';
import { ModbusReadError } from '../src/sources/modbus-connection';
import { planReads } from '../src/sources/modbus-decode';
import { pollDevice, type ReadFn } from '../src/sources/modbus-poll';

const points = (...registers: object[]): ModbusPoint[] => parseModbusDeviceConfig({
  id: 'dev', protocol: 'modbus', host: 'h',
  assets: [{ id: 'A', name: 'A', type: 'fan', site: 's', area: 'a', line: 'l', location: { lat: 0, lon: 0 } }],
  points: registers.map((register, i) => ({ sensorId: `p${i}`, assetId: 'A', kind: 'speed', unit: 'rpm', register })),
}).points;

/** A device holding `memory`; an address missing from it makes the whole read fail with exception 02. */
const device = (memory: Record<number, number>, calls: string[] = []): ReadFn => async (table, address, count) => {
  calls.push(`${table}:${address}+${count}`);
  const words = Array.from({ length: count }, (_, i) => memory[address + i]);
  if (words.some((w) => w === undefined)) throw new ModbusReadError('exception', 'Modbus exception 2', 2);
  return words as number[];
};

describe('pollDevice', () => {
  it('returns one good reading per point, stamped with the poll time', async () => {
    const ps = points({ table: 'holding', address: 0, type: 'int16' }, { table: 'holding', address: 1, type: 'uint16' });
    const outcome = await pollDevice(planReads(ps), device({ 0: 0xffff, 1: 7 }), 1234);
    expect(outcome.readings).toEqual([
      { assetId: 'A', sensorId: 'p0', ts: 1234, unit: 'rpm', value: -1, quality: 'good' },
      { assetId: 'A', sensorId: 'p1', ts: 1234, unit: 'rpm', value: 7, quality: 'good' },
    ]);
    expect(outcome).toMatchObject({ requests: 1, failures: [], isolated: [], disconnected: false });
  });

  it('reads the points of a rejected merged read one by one, so only the unmapped one is bad', async () => {
    const ps = points({ table: 'holding', address: 0, type: 'int16' }, { table: 'holding', address: 1, type: 'int16' }, { table: 'holding', address: 2, type: 'int16' });
    const calls: string[] = [];
    const outcome = await pollDevice(planReads(ps), device({ 0: 10, 2: 30 }, calls), 1);
    expect(calls).toEqual(['holding:0+3', 'holding:0+1', 'holding:1+1', 'holding:2+1']);
    expect(outcome.readings.map((r) => [r.sensorId, r.value, r.quality])).toEqual([['p0', 10, 'good'], ['p1', null, 'bad'], ['p2', 30, 'good']]);
    expect(outcome.isolated.map((p) => p.sensorId)).toEqual(['p0', 'p1', 'p2']);
  });

  it('reports a float register holding NaN or Infinity as bad, not as a number', async () => {
    const ps = points({ table: 'input', address: 0, type: 'float32' }, { table: 'input', address: 2, type: 'float32' });
    const outcome = await pollDevice(planReads(ps), device({ 0: 0x7fc0, 1: 0, 2: 0x7f80, 3: 0 }), 1);
    expect(outcome.readings.map((r) => [r.value, r.quality])).toEqual([[null, 'bad'], [null, 'bad']]);
  });

  it('fails a short response as a whole, with no half-decoded readings', async () => {
    const ps = points({ table: 'holding', address: 0, type: 'int16' }, { table: 'holding', address: 1, type: 'int32' });
    const outcome = await pollDevice(planReads(ps), async () => [1, 2], 1);
    expect(outcome.readings.map((r) => [r.sensorId, r.quality])).toEqual([['p0', 'bad'], ['p1', 'bad']]);
    expect(outcome.failures[0]?.error.kind).toBe('protocol');
  });

  it('after a timeout goes on with the other reads; after a lost connection marks the rest bad unasked', async () => {
    const ps = points({ table: 'holding', address: 0, type: 'int16' }, { table: 'input', address: 0, type: 'int16' }, { table: 'coil', address: 0, type: 'bool' });
    const timeout: ReadFn = async (table) => { if (table === 'holding') throw new ModbusReadError('timeout', 'no answer'); return [1]; };
    const slow = await pollDevice(planReads(ps), timeout, 1);
    expect(slow.readings.map((r) => [r.sensorId, r.quality])).toEqual([['p2', 'good'], ['p0', 'bad'], ['p1', 'good']]);

    const calls: string[] = [];
    const lost: ReadFn = async (table) => { calls.push(table); throw new ModbusReadError('disconnected', 'closed'); };
    const outcome = await pollDevice(planReads(ps), lost, 1);
    expect(calls).toEqual(['coil']); // tables sort coil < holding < input
    expect(outcome.disconnected).toBe(true);
    expect(outcome.readings.map((r) => r.quality)).toEqual(['bad', 'bad', 'bad']);
  });
});
