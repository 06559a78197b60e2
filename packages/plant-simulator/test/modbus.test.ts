import ModbusRTU from 'modbus-serial';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlant, registerMap, registersToFloat32, startModbusServer, type Plant, type RunningModbusServer } from '../src/index';
import { freePort } from './helpers';

const START = Date.UTC(2026, 0, 5, 6, 0, 0);
const MIN = 60_000;

describe('Modbus TCP server', () => {
  let plant: Plant;
  let server: RunningModbusServer;
  const client = new ModbusRTU();

  beforeAll(async () => {
    plant = createPlant({ seed: 9, startTime: START, accel: 60 });
    plant.step(START + 10 * MIN);
    // drive: false — the test moves the clock itself, so values cannot change under a read.
    server = await startModbusServer(plant, { port: await freePort(), host: '127.0.0.1', unitId: 3, drive: false });
    await client.connectTCP('127.0.0.1', { port: server.port });
    client.setID(3);
    client.setTimeout(2000);
  });
  afterAll(async () => {
    client.close(() => undefined);
    await server.stop();
  });

  it('maps two holding registers per sensor in catalog order, and a coil per asset', () => {
    const map = registerMap(plant);
    const sensors = plant.catalog().flatMap((a) => a.sensors);
    expect(map.registers.map((r) => r.sensorId)).toEqual(sensors.map((s) => s.id));
    expect(map.registers.map((r) => r.address)).toEqual(sensors.map((_, i) => 2 * i));
    expect(map.registers[0]).toMatchObject({ type: 'float32', count: 2, wordOrder: 'big', byteOrder: 'big', table: 'holding' });
    expect(map.coils.map((c) => c.assetId)).toEqual(plant.catalog().map((a) => a.id));
  });

  it('serves every sensor latest value as a big-endian float32 at its mapped address', async () => {
    const map = server.map;
    const words: number[] = [];
    // 120 registers per request stays under the protocol's 125-register limit.
    for (let start = 0; start < map.registers.length * 2; start += 120) {
      const length = Math.min(120, map.registers.length * 2 - start);
      words.push(...(await client.readHoldingRegisters(start, length)).data);
    }
    for (const reg of map.registers) {
      const expected = plant.latest(reg.sensorId)!.value!;
      expect(registersToFloat32(words[reg.address]!, words[reg.address + 1]!), reg.sensorId).toBe(Math.fround(expected));
    }
    const single = await client.readHoldingRegisters(map.registers[5]!.address, 2);
    expect(registersToFloat32(single.data[0]!, single.data[1]!)).toBe(Math.fround(plant.latest(map.registers[5]!.sensorId)!.value!));
  });

  it('follows the plant clock and reports a tripped asset on its coil, with NaN for a bad reading', async () => {
    const coilOf = server.map.coils.findIndex((c) => c.assetId === 'P-101');
    expect((await client.readCoils(coilOf, 1)).data[0]).toBe(true);
    plant.step(START + 242 * MIN); // P-101 fails at 240 min: vibration is bad, the machine stopped
    expect((await client.readCoils(coilOf, 1)).data[0]).toBe(false);
    const vib = server.map.registers.find((r) => r.sensorId === 'P-101.vibration')!;
    const { data } = await client.readHoldingRegisters(vib.address, 2);
    expect(Number.isNaN(registersToFloat32(data[0]!, data[1]!))).toBe(true);
    const p102 = server.map.coils.findIndex((c) => c.assetId === 'P-102');
    expect((await client.readCoils(p102, 1)).data[0]).toBe(true);
  });

  it('answers ILLEGAL DATA ADDRESS beyond the image', async () => {
    const end = server.map.registers.length * 2;
    await expect(client.readHoldingRegisters(end, 2)).rejects.toMatchObject({ modbusCode: 2 });
  });
});
