/**
 * Our Modbus client against pymodbus, a TCP server no one here wrote, whose values are encoded
 * by pymodbus itself. Needs python3 with pymodbus: `pip install pymodbus==3.16.1` (the version
 * this was written and run against). PYTHON overrides the interpreter.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '@vigie/plant-simulator';
import { freePort } from '@vigie/service-kit-testing';
import { createModbusSource, type ModbusSource } from '../src/adapters/modbus-source';
import type { ModbusDeviceInput, RegisterTable, RegisterType } from '../src/sources/modbus-config';
import { sleep, waitFor } from './support/wait';

const PYTHON = process.env.PYTHON ?? 'python3';
const FIXTURE = fileURLToPath(new URL('./fixtures/pymodbus_server.py', import.meta.url));
const PYMODBUS = '3.16.1';

type Order = 'big' | 'little';
/** A point of the device; a null value leaves its address unmapped, so pymodbus rejects reads of it. */
interface SpecPoint { id: string; table: RegisterTable; address: number; type: RegisterType; wordOrder: Order; byteOrder: Order; value: number | null; scale?: number; offset?: number }
const ORDERS: readonly (readonly [Order, Order, string])[] = [['big', 'big', 'abcd'], ['little', 'big', 'cdab'], ['big', 'little', 'badc'], ['little', 'little', 'dcba']];
const at = (id: string, table: RegisterTable, address: number, type: RegisterType, value: number | null, extra: Partial<SpecPoint> = {}): SpecPoint =>
  ({ id, table, address, type, wordOrder: 'big', byteOrder: 'big', value, ...extra });

const SPEC: SpecPoint[] = [
  at('i16', 'holding', 0, 'int16', -2),
  at('u16', 'holding', 1, 'uint16', 65535),
  at('u32', 'holding', 2, 'uint32', 0x12345678),
  at('unmapped', 'holding', 4, 'uint16', null), // merged with 0..3 at first: pymodbus answers exception 02
  ...ORDERS.map(([wordOrder, byteOrder, name], i) => at(`i32-${name}`, 'holding', 10 + 2 * i, 'int32', -123456789, { wordOrder, byteOrder })),
  ...ORDERS.map(([wordOrder, byteOrder, name], i) => at(`f32-${name}`, 'holding', 20 + 2 * i, 'float32', 3.14, { wordOrder, byteOrder })),
  at('f32-neg', 'holding', 28, 'float32', -0.5),
  ...ORDERS.map(([wordOrder, byteOrder, name], i) => at(`f64-${name}`, 'holding', 30 + 4 * i, 'float64', Math.PI, { wordOrder, byteOrder })),
  at('f64-neg', 'holding', 46, 'float64', -1234.5678, { wordOrder: 'little' }),
  at('in-f32', 'input', 0, 'float32', -273.15, { wordOrder: 'little' }),
  at('in-i16', 'input', 2, 'int16', -32768),
  at('in-scaled', 'input', 3, 'int16', 1000, { scale: 0.5, offset: 10 }),
  at('in-u32', 'input', 500, 'uint32', 4294967295, { byteOrder: 'little' }),
  at('coil-on', 'coil', 3, 'bool', 1),
  at('coil-off', 'coil', 4, 'bool', 0),
  at('di-on', 'discrete', 7, 'bool', 1),
];
/** What the device means: float32 values are what survives single precision; then scale and offset. */
const expected = (p: SpecPoint): number | null =>
  p.value === null ? null : (p.type === 'float32' ? Math.fround(p.value) : p.value) * (p.scale ?? 1) + (p.offset ?? 0);

// The fixture uses SimDevice/SimData, the datastore of recent 3.x releases: probe for it, not just the package.
const PROBE = 'import pymodbus; from pymodbus.simulator import SimDevice; print(pymodbus.__version__)';

function requirePymodbus(): string {
  const probe = spawnSync(PYTHON, ['-c', PROBE], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`this test needs ${PYTHON} with pymodbus: run \`pip install pymodbus==${PYMODBUS}\` (${probe.error?.message ?? probe.stderr.trim()})`);
  }
  return probe.stdout.trim();
}

async function startPymodbus(port: number): Promise<ChildProcess> {
  const child = spawn(PYTHON, [FIXTURE, String(port), JSON.stringify(SPEC)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) => { clearTimeout(timer); child.kill('SIGKILL'); reject(new Error(`pymodbus server ${why}:\n${stderr}`)); };
    const timer = setTimeout(() => fail('not ready within 20 s'), 20_000);
    child.once('exit', (code) => fail(`exited with ${code}`));
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('READY')) { clearTimeout(timer); child.removeAllListeners('exit'); resolve(); }
    });
  });
  return child;
}
const stopPymodbus = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill('SIGTERM');
});


const deviceAt = (port: number, pollIntervalMs: number): ModbusDeviceInput => ({
  id: 'pymodbus', protocol: 'modbus', host: '127.0.0.1', port, unitId: 1, pollIntervalMs, timeoutMs: 500,
  assets: [{ id: 'C-401', name: 'Compressor', type: 'motor', site: 'Lyon', area: 'Utilities', line: 'Air', location: { lat: 45.7, lon: 4.8 } }],
  points: SPEC.map((p) => ({
    sensorId: p.id, assetId: 'C-401', kind: 'pressure', unit: 'bar', scale: p.scale ?? 1, offset: p.offset ?? 0,
    register: { table: p.table, address: p.address, type: p.type, wordOrder: p.wordOrder, byteOrder: p.byteOrder },
  })),
});

// Checked while the file loads, so a missing peer fails the run with this message instead of skipping tests.
const INSTALLED = requirePymodbus();

describe(`Modbus source against a pymodbus ${INSTALLED} TCP server`, () => {
  const batches: Reading[][] = [];
  let port = 0;
  let server: ChildProcess | undefined;
  let source: ModbusSource | undefined;

  beforeAll(async () => {
    port = await freePort();
    server = await startPymodbus(port);
    source = createModbusSource({ config: deviceAt(port, 100), onReadings: (b) => void batches.push(b) });
    await source.start();
  });
  afterAll(async () => {
    await source?.stop();
    if (server) await stopPymodbus(server);
  });

  it('decodes every value pymodbus encoded, in every word and byte order', async () => {
    await waitFor(() => batches.length >= 2, 10_000, 'two polls');
    const batch = batches.at(-1) ?? [];
    expect(batch).toHaveLength(SPEC.length);
    for (const p of SPEC) {
      const r = batch.find((x) => x.sensorId === p.id);
      expect(r?.quality, p.id).toBe(p.value === null ? 'bad' : 'good');
      expect(r?.value, p.id).toBe(expected(p));
    }
  });

  it('resumes within 10 s when the pymodbus process is restarted, the gap flagged bad', async () => {
    await stopPymodbus(server!);
    const stoppedAt = Date.now();
    await waitFor(() => source!.state() === 'reconnecting', 3000, 'connection loss noticed');
    await sleep(1000); // the device stays down for a few polls
    const relaunchedAt = Date.now(); // the listener opens a little before READY: the gap ends here
    server = await startPymodbus(port);
    const restartedAt = Date.now();
    await waitFor(() => batches.some((b) => b[0]!.ts >= restartedAt && b.every((r) => r.quality === 'good' || r.sensorId === 'unmapped')), 10_000, 'readings resume');
    console.info(`pymodbus restart: readings resumed ${Date.now() - restartedAt} ms after the server was back`);
    const gap = batches.flat().filter((r) => r.ts >= stoppedAt && r.ts < relaunchedAt);
    expect(gap.length).toBeGreaterThan(0);
    expect(gap.every((r) => r.quality === 'bad' && r.value === null)).toBe(true);
  });

  it('reports polls/s and readings/s against pymodbus at the fastest interval (printed, not asserted)', async () => {
    let polls = 0;
    let readings = 0;
    const fast = createModbusSource({ config: deviceAt(port, 10), onReadings: (b) => { polls++; readings += b.length; } });
    const t0 = performance.now();
    await fast.start();
    await sleep(2000);
    await fast.stop();
    const s = (performance.now() - t0) / 1000;
    console.info(`pymodbus throughput ${JSON.stringify({ points: SPEC.length, polls_per_s: +(polls / s).toFixed(1), readings_per_s: Math.round(readings / s) })}`);
    expect(polls).toBeGreaterThan(10);
  });
});
