/**
 * Prints polls/s and readings/s of one Modbus source against a local modbus-serial server.
 * It asserts correctness only: figures on a shared 2-core machine are reported, not enforced.
 */
import { ServerTCP } from 'modbus-serial';
import { afterAll, describe, expect, it } from 'vitest';
import type { Reading } from '@vigie/plant-simulator';
import { freePort } from '@vigie/service-kit-testing';
import { createModbusSource, type ModbusSource } from '../src/adapters/modbus-source';
import { parseModbusDeviceConfig, type ModbusDeviceInput } from '../src/sources/modbus-config';
import { planReads } from '../src/sources/modbus-decode';
import { encodeValue } from '../src/sources/modbus-encode';

const FLOATS = 500; // holding 0..999, 8 reads of ≤125 registers
const INTS = 400; // input 0..399, 4 reads
const COILS = 100; // coils 0..99, 1 read
const RUN_MS = 3000;

const asset = { id: 'F-301', name: 'Fan', type: 'fan', site: 'Lyon', area: 'Utilities', line: 'Loop 1', location: { lat: 45.7, lon: 4.8 } } as const;
type Point = ModbusDeviceInput['points'][number];
const point = (i: number, register: Point['register']): Point => ({ sensorId: `s${i}`, assetId: 'F-301', kind: 'speed', unit: 'rpm', register });

describe('Modbus source throughput', () => {
  let server: ServerTCP | undefined;
  let source: ModbusSource | undefined;
  afterAll(async () => {
    await source?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it(`polls ${FLOATS + INTS + COILS} points as fast as a 10 ms interval allows`, async () => {
    const port = await freePort();
    const points = [
      ...Array.from({ length: FLOATS }, (_, i) => point(i, { table: 'holding', address: 2 * i, type: 'float32' })),
      ...Array.from({ length: INTS }, (_, i) => point(FLOATS + i, { table: 'input', address: i, type: 'int16' })),
      ...Array.from({ length: COILS }, (_, i) => point(FLOATS + INTS + i, { table: 'coil', address: i, type: 'bool' })),
    ];
    const device: ModbusDeviceInput = { id: 'bench', protocol: 'modbus', host: '127.0.0.1', port, pollIntervalMs: 10, timeoutMs: 1000, assets: [asset], points };
    const expected = new Map<string, number>();
    const memory = { holding: new Map<number, number>(), input: new Map<number, number>(), coil: new Map<number, number>(), discrete: new Map<number, number>() };
    for (const p of parseModbusDeviceConfig(device).points) {
      const n = Number(p.sensorId.slice(1));
      const value = p.register.type === 'float32' ? Math.fround(n / 7) : p.register.type === 'bool' ? n % 2 : -n;
      expected.set(p.sensorId, value);
      encodeValue(value, p).forEach((w, i) => memory[p.register.table].set(p.register.address + i, w));
    }
    server = await new Promise<ServerTCP>((resolve, reject) => {
      const s = new ServerTCP({
        getHoldingRegister: (a: number) => memory.holding.get(a) ?? 0,
        getInputRegister: (a: number) => memory.input.get(a) ?? 0,
        getCoil: (a: number) => memory.coil.get(a) === 1,
      }, { host: '127.0.0.1', port });
      s.once('serverError', reject);
      s.once('initialized', () => resolve(s));
    });

    const batches: Reading[][] = [];
    source = createModbusSource({ config: device, onReadings: (b) => void batches.push(b) });
    const startedAt = performance.now();
    await source.start();
    await new Promise((r) => setTimeout(r, RUN_MS));
    await source.stop();
    const seconds = (performance.now() - startedAt) / 1000;

    const readings = batches.reduce((n, b) => n + b.length, 0);
    const figures = { points: points.length, requests_per_poll: planReads(parseModbusDeviceConfig(device).points).length, polls_per_s: +(batches.length / seconds).toFixed(1), readings_per_s: Math.round(readings / seconds) };
    console.info(`modbus throughput ${JSON.stringify(figures)}`);

    expect(batches.length).toBeGreaterThan(5);
    for (const batch of batches) expect(batch).toHaveLength(points.length);
    const last = batches.at(-1) ?? [];
    expect(last.every((r) => r.quality === 'good' && r.value === expected.get(r.sensorId))).toBe(true);
  });
});
