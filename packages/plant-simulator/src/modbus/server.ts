import { ServerTCP, type IServiceVector } from 'modbus-serial';
import { startRealTimeClock } from '../clock';
import type { Plant } from '../plant';
import { float32ToRegisters, registerMap, type RegisterMap } from './register-map';

export interface ModbusServerOptions {
  /** Default 502; tests use a high port (< 1024 needs privileges). */
  port?: number;
  /** Default 0.0.0.0. */
  host?: string;
  /** The unit id the server answers to (1–247), or 255 to answer any. Default 1. */
  unitId?: number;
  /**
   * Advance the plant in real time (default true). Pass false when another server (OPC UA)
   * already drives this plant: the Modbus image then follows that clock through onReadings.
   */
  drive?: boolean;
  wallTickMs?: number;
  /** A client's broken socket or malformed frame; the server keeps serving the others. */
  onError?: (error: unknown) => void;
}

export interface RunningModbusServer {
  host: string;
  port: number;
  unitId: number;
  map: RegisterMap;
  stop(): Promise<void>;
}

/** Modbus exception 02, ILLEGAL DATA ADDRESS: what a PLC answers outside its image. */
const illegalAddress = (address: number): Error => Object.assign(new Error(`illegal data address ${address}`), { modbusErrorCode: 2 });

/**
 * Serves the latest value of every sensor in holding registers and a running coil per asset,
 * at the addresses of `registerMap(plant)`. The register image is rewritten on each batch of
 * readings, so a poll is a copy, never a computation.
 */
export async function startModbusServer(plant: Plant, options: ModbusServerOptions = {}): Promise<RunningModbusServer> {
  const { port = 502, host = '0.0.0.0', unitId = 1, drive = true, wallTickMs = 200 } = options;
  const map = registerMap(plant);
  const image = new Uint16Array(map.registers.length * 2);
  const slot = new Map(map.registers.map((r) => [r.sensorId, r.address]));
  const write = (sensorId: string, value: number | null): void => {
    const address = slot.get(sensorId);
    if (address === undefined) return;
    // A bad reading is NaN, the float32 way of saying "no value", rather than a stale number.
    const [high, low] = float32ToRegisters(value ?? Number.NaN);
    image[address] = high;
    image[address + 1] = low;
  };
  for (const r of map.registers) write(r.sensorId, plant.latest(r.sensorId)?.value ?? null);
  const unsubscribe = plant.onReadings((readings) => {
    for (const r of readings) write(r.sensorId, r.value);
  });

  const register = (address: number): number => {
    const word = image[address];
    if (word === undefined) throw illegalAddress(address);
    return word;
  };
  const vector: IServiceVector = {
    getHoldingRegister: (address: number) => register(address),
    getMultipleHoldingRegisters: (address: number, length: number) => Array.from({ length }, (_, i) => register(address + i)),
    getCoil: (address: number) => {
      const coil = map.coils[address];
      if (!coil) throw illegalAddress(address);
      const { state } = plant.groundTruth(coil.assetId);
      return state === 'running' || state === 'degrading';
    },
  };

  const server = new ServerTCP(vector, { host, port, unitID: unitId });
  // An 'error' event without a listener would throw and take the whole simulator down.
  const onError = options.onError ?? (() => undefined);
  server.on('error', onError);
  server.on('socketError', onError);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('initialized', resolve);
      server.once('serverError', reject);
    });
  } catch (error) {
    unsubscribe();
    throw error;
  }
  const clock = drive ? startRealTimeClock(plant, wallTickMs) : null;
  return {
    host,
    port,
    unitId,
    map,
    async stop() {
      clock?.stop();
      unsubscribe();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
