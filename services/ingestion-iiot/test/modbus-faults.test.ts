/** The device faults that do not close the socket cleanly: a hung device, a device not yet up. */
import { createServer, type Server, type Socket } from 'node:net';
import { ServerTCP } from 'modbus-serial';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reading } from '@vigie/plant-simulator';
import { freePort } from '@vigie/service-kit-testing';
import { createModbusSource, type ModbusSource } from '../src/adapters/modbus-source';
import type { ModbusDeviceInput } from '../src/sources/modbus-config';
import type { SourceLogger } from '../src/sources/source';
import { waitFor } from './support/wait';

const quiet: SourceLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const device = (port: number): ModbusDeviceInput => ({
  id: 'plc', protocol: 'modbus', host: '127.0.0.1', port, pollIntervalMs: 50, timeoutMs: 100,
  assets: [{ id: 'M-201', name: 'Motor', type: 'motor', site: 's', area: 'a', line: 'l', location: { lat: 0, lon: 0 } }],
  points: [
    { sensorId: 'speed', assetId: 'M-201', kind: 'speed', unit: 'rpm', register: { table: 'input', address: 0, type: 'uint16' } },
    { sensorId: 'current', assetId: 'M-201', kind: 'current', unit: 'A', register: { table: 'holding', address: 0, type: 'uint16' }, scale: 0.5 },
  ],
});

describe('Modbus source faults', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const undo of cleanup.splice(0).reverse()) await undo();
  });
  const run = async (port: number, batches: Reading[][]): Promise<ModbusSource> => {
    const source = createModbusSource({ config: device(port), onReadings: (b) => void batches.push(b), logger: quiet });
    cleanup.push(() => source.stop());
    await source.start();
    return source;
  };

  it('takes a device that accepts the connection but never answers for dead, and reconnects', async () => {
    const port = await freePort();
    const sockets: Socket[] = [];
    const hung: Server = createServer((socket) => { sockets.push(socket); socket.on('data', () => undefined); });
    await new Promise<void>((resolve) => hung.listen(port, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => { sockets.forEach((s) => s.destroy()); hung.close(() => resolve()); }));
    const batches: Reading[][] = [];
    const source = await run(port, batches);

    // Three polls of two timed-out reads each (≈ 3 × 250 ms), then a fresh connection.
    await waitFor(() => sockets.length >= 2, 5000, 'a second connection');
    expect(source.state()).not.toBe('stopped');
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(batches.flat().every((r) => r.quality === 'bad' && r.value === null)).toBe(true);
  });

  it('starts against a device that is not up yet, reports bad readings, and connects once it is', async () => {
    const port = await freePort();
    const batches: Reading[][] = [];
    const source = await run(port, batches);
    expect(source.state()).toBe('reconnecting');
    await waitFor(() => batches.length >= 2, 2000, 'two polls while the device is down');
    expect(batches.flat().every((r) => r.quality === 'bad')).toBe(true);

    const server = await new Promise<ServerTCP>((resolve) => {
      const s = new ServerTCP({ getInputRegister: () => 1500, getHoldingRegister: () => 1234 }, { host: '127.0.0.1', port });
      s.once('initialized', () => resolve(s));
    });
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    await waitFor(() => batches.at(-1)?.every((r) => r.quality === 'good') ?? false, 10_000, 'good readings');
    expect(source.state()).toBe('connected');
    expect(batches.at(-1)?.map((r) => [r.sensorId, r.value])).toEqual([['current', 617], ['speed', 1500]]);
  });

  it('recovers from a connection reset (RST) by itself', async () => {
    const port = await freePort();
    const server = await new Promise<ServerTCP>((resolve) => {
      const s = new ServerTCP({ getInputRegister: () => 1500, getHoldingRegister: () => 1234 }, { host: '127.0.0.1', port });
      s.once('initialized', () => resolve(s));
    });
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const batches: Reading[][] = [];
    const source = await run(port, batches);
    await waitFor(() => batches.length >= 2, 2000, 'two polls');

    for (const socket of server.socks.keys()) socket.resetAndDestroy();
    const resetAt = Date.now();
    await waitFor(() => batches.some((b) => b[0]!.ts > resetAt && b.every((r) => r.quality === 'good')), 5000, 'good readings after the reset');
    expect(source.state()).toBe('connected');
    expect(server.socks.size).toBe(1); // a new connection, the reset one gone
  });
});
