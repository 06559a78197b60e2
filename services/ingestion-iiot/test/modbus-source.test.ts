import { ServerTCP, type IServiceVector } from 'modbus-serial';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '@vigie/plant-simulator';
import { freePort } from '@vigie/service-kit-testing';
import { createModbusSource, reconnectDelay, type ModbusSource } from '../src/adapters/modbus-source';
import type { SourceLogger } from '../src/sources/source';
import { parseModbusDeviceConfig, type ModbusDeviceInput } from '../src/sources/modbus-config';
import { encodeValue } from '../src/sources/modbus-encode';
import { sleep, waitFor } from './support/wait';


type Table = 'holding' | 'input' | 'coil' | 'discrete';
/** Device memory; an address missing from its table is answered with exception 02. */
type Memory = Record<Table, Map<number, number>>;

/** A modbus-serial server on `port`; `slow` input registers answer after `slowMs` (past the client's timeout). */
function startServer(port: number, memory: Memory, slow: ReadonlySet<number> = new Set(), slowMs = 0): Promise<ServerTCP> {
  const get = (table: Table) => (addr: number): number => {
    const value = memory[table].get(addr);
    if (value === undefined) throw Object.assign(new Error(`unmapped ${table} ${addr}`), { modbusErrorCode: 2 });
    return value;
  };
  const vector: IServiceVector = {
    getHoldingRegister: get('holding'),
    getInputRegister: (addr: number) => (slow.has(addr) ? sleep(slowMs).then(() => get('input')(addr)) : get('input')(addr)),
    getCoil: (addr: number) => get('coil')(addr) === 1,
    getDiscreteInput: (addr: number) => get('discrete')(addr) === 1,
  };
  return new Promise((resolve, reject) => {
    const server = new ServerTCP(vector, { host: '127.0.0.1', port, unitID: 1 });
    server.on('socketError', () => undefined); // the client going away mid-test is expected
    server.once('serverError', reject);
    server.once('initialized', () => resolve(server));
  });
}
const closeServer = (server: ServerTCP) => new Promise<void>((resolve) => server.close(() => resolve()));

const ASSET = { name: 'Pump', type: 'centrifugal-pump', site: 'Lyon', area: 'Utilities', line: 'Loop 1', location: { lat: 45.7, lon: 4.8 } } as const;
const deviceFor = (port: number, points: ModbusDeviceInput['points'], extra: Partial<ModbusDeviceInput> = {}): ModbusDeviceInput => ({
  id: 'plc-test', protocol: 'modbus', host: '127.0.0.1', port, unitId: 1, pollIntervalMs: 100, timeoutMs: 300,
  assets: [{ id: 'P-101', ...ASSET }, { id: 'P-102', ...ASSET }], points, ...extra,
});
type Point = ModbusDeviceInput['points'][number];
const pt = (sensorId: string, register: Point['register'], extra: Partial<Point> = {}): Point => ({ sensorId, assetId: 'P-101', kind: 'vibration', unit: 'mm/s', register, ...extra });

// Every type and order, a rejected address in the middle of a mergeable block, and one register too slow to answer.
const POINTS = [
  pt('temp', { table: 'holding', address: 0, type: 'int16' }, { scale: 0.1 }),
  pt('vib', { table: 'holding', address: 1, type: 'float32' }),
  pt('count', { table: 'holding', address: 3, type: 'int32', wordOrder: 'little' }),
  pt('unmapped', { table: 'holding', address: 5, type: 'uint16' }),
  pt('angle', { table: 'holding', address: 6, type: 'float64', wordOrder: 'little', byteOrder: 'little' }),
  pt('energy', { table: 'input', address: 0, type: 'uint32', byteOrder: 'little' }, { scale: 0.001, offset: 1 }),
  pt('flow', { table: 'input', address: 2, type: 'float32', wordOrder: 'little' }, { assetId: 'P-102' }),
  pt('slow', { table: 'input', address: 900, type: 'int16' }),
  pt('running', { table: 'coil', address: 3, type: 'bool' }, { assetId: 'P-102' }),
  pt('alarm', { table: 'discrete', address: 0, type: 'bool' }, { assetId: 'P-102' }),
];
const VALUES: Record<string, number> = {
  temp: -12.3, vib: Math.fround(3.14), count: -123456789, angle: Math.PI, energy: 1 + 0x12345678 * 0.001, flow: Math.fround(-0.5), running: 1, alarm: 0,
};

/** Lays VALUES out in device memory with the encoder, as a PLC would hold them. */
function memoryFor(values: Record<string, number>): Memory {
  const memory: Memory = { holding: new Map(), input: new Map(), coil: new Map(), discrete: new Map() };
  for (const p of parseModbusDeviceConfig(deviceFor(1, POINTS)).points) {
    const value = values[p.sensorId];
    if (value === undefined) continue;
    encodeValue(value, p).forEach((w, i) => memory[p.register.table].set(p.register.address + i, w));
  }
  memory.input.set(900, 7);
  return memory;
}

describe('Modbus source against a modbus-serial server', () => {
  const batches: Reading[][] = [];
  const states: string[] = [];
  const warnings: string[] = [];
  const logger: SourceLogger = { info: () => undefined, warn: (_o, m) => warnings.push(m ?? ''), error: (_o, m) => warnings.push(m ?? '') };
  let port = 0;
  let server: ServerTCP;
  let source: ModbusSource;

  beforeAll(async () => {
    port = await freePort();
    server = await startServer(port, memoryFor(VALUES), new Set([900]), 1000);
    source = createModbusSource({ config: deviceFor(port, POINTS), onReadings: (b) => void batches.push(b), onStatus: (s) => states.push(s.state), logger });
    await source.start();
  });
  afterAll(async () => {
    await source?.stop();
    if (server) await closeServer(server);
  });

  const latest = (sensorId: string): Reading | undefined => batches.at(-1)?.find((r) => r.sensorId === sensorId);

  it('delivers one batch per poll, every point once, stamped with the poll time', async () => {
    await waitFor(() => batches.length >= 3, 5000, 'three polls');
    expect(source.state()).toBe('connected');
    for (const batch of batches) {
      expect(batch.map((r) => r.sensorId).sort()).toEqual(POINTS.map((p) => p.sensorId).sort());
      expect(new Set(batch.map((r) => r.ts)).size).toBe(1);
    }
    expect(source.catalog().map((a) => [a.id, a.sensors.map((s) => s.id)])).toEqual([
      ['P-101', ['temp', 'vib', 'count', 'unmapped', 'angle', 'energy', 'slow']],
      ['P-102', ['flow', 'running', 'alarm']],
    ]);
  });

  it('decodes every type and order to the value the device holds', () => {
    for (const [sensorId, value] of Object.entries(VALUES)) {
      const r = latest(sensorId);
      expect(r, sensorId).toMatchObject({ quality: 'good', unit: 'mm/s' });
      expect(r?.value, sensorId).toBeCloseTo(value, 9);
    }
    expect(latest('flow')?.assetId).toBe('P-102');
  });

  it('marks a rejected address and a timed-out read bad, without holding back their neighbours', () => {
    for (const batch of batches) {
      expect(batch.find((r) => r.sensorId === 'unmapped')).toMatchObject({ quality: 'bad', value: null });
      expect(batch.find((r) => r.sensorId === 'slow')).toMatchObject({ quality: 'bad', value: null });
      expect(batch.filter((r) => r.quality === 'good')).toHaveLength(POINTS.length - 2);
    }
    expect(warnings).toContain('device rejected a merged read; its points are now read one by one');
    expect(warnings.filter((w) => w.startsWith('Modbus read failed'))).toHaveLength(2); // once each, not once per poll
  });

  it('resumes by itself after the device restarts, the outage visible as bad readings only', async () => {
    await closeServer(server);
    const stoppedAt = Date.now();
    await waitFor(() => source.state() === 'reconnecting', 2000, 'connection loss noticed');
    await sleep(1500); // the device stays down for a while
    server = await startServer(port, memoryFor({ ...VALUES, temp: 55.5 }));
    const restartedAt = Date.now();
    await waitFor(() => Math.abs((latest('temp')?.value ?? 0) - 55.5) < 1e-9, 10_000, 'readings resume');
    const resumedAfterMs = Date.now() - restartedAt;
    console.info(`modbus: down ${restartedAt - stoppedAt} ms, readings resumed ${resumedAfterMs} ms after the device came back`);
    expect(source.state()).toBe('connected');
    expect(states).toContain('reconnecting');
    expect(states.at(-1)).toBe('connected');

    const good = batches.flat().filter((r) => r.quality === 'good');
    // The poll in flight when the device went away may have got some answers: it counts as before.
    const lastGoodBefore = Math.max(...good.filter((r) => r.ts < stoppedAt).map((r) => r.ts));
    const firstGoodAfter = Math.min(...good.filter((r) => r.ts >= stoppedAt).map((r) => r.ts));
    const gap = batches.flat().filter((r) => r.ts > lastGoodBefore && r.ts < firstGoodAfter);
    expect(gap.length).toBeGreaterThan(0); // the outage is reported, point by point...
    expect(gap.every((r) => r.quality === 'bad' && r.value === null)).toBe(true); // ...and never filled in
    expect(firstGoodAfter - stoppedAt).toBeLessThan(10_000);
  });

  it('stops cleanly: no batch after stop()', async () => {
    await source.stop();
    expect(source.state()).toBe('stopped');
    const count = batches.length;
    await sleep(300);
    expect(batches.length).toBe(count);
  });
});

describe('reconnect backoff', () => {
  it('doubles from the initial delay up to the ceiling, with ±20 % jitter', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 10, 100].map((a) => reconnectDelay(a, 250, 5000, mid))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect(reconnectDelay(0, 1000, 5000, () => 0)).toBe(800);
    expect(reconnectDelay(9, 1000, 5000, () => 1)).toBe(6000);
  });
});
