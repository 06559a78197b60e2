import type { SensorKind } from '../catalog';
import type { Plant } from '../plant';

/**
 * The Modbus image of the plant, as data, so an ingestion source can be configured from it
 * rather than from a hand-typed table:
 *   holding registers 2i, 2i+1  — sensor i (catalog order) as IEEE-754 float32, big-endian
 *                                 word and byte order ("ABCD"); NaN while the reading is bad
 *   coil j                      — asset j (catalog order) is running (not tripped, not under repair)
 * Addresses are 0-based protocol addresses (register 40001 in Modicon notation is address 0).
 */
export interface SensorRegister {
  table: 'holding';
  sensorId: string;
  assetId: string;
  kind: SensorKind;
  address: number;
  count: 2;
  type: 'float32';
  wordOrder: 'big';
  byteOrder: 'big';
  unit: string;
}

export interface StatusCoil {
  table: 'coil';
  assetId: string;
  address: number;
  type: 'bool';
  meaning: 'running';
}

export interface RegisterMap {
  registers: SensorRegister[];
  coils: StatusCoil[];
}

export function registerMap(plant: Pick<Plant, 'catalog'>): RegisterMap {
  const catalog = plant.catalog();
  const sensors = catalog.flatMap((asset) => asset.sensors.map((s) => ({ asset, s })));
  return {
    registers: sensors.map(({ asset, s }, i) => ({
      table: 'holding', sensorId: s.id, assetId: asset.id, kind: s.kind, address: 2 * i, count: 2,
      type: 'float32', wordOrder: 'big', byteOrder: 'big', unit: s.unit,
    })),
    coils: catalog.map((asset, j) => ({ table: 'coil', assetId: asset.id, address: j, type: 'bool', meaning: 'running' })),
  };
}

/** Big-endian float32 as two 16-bit registers, high word first. */
export function float32ToRegisters(value: number): [number, number] {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value, false);
  return [view.getUint16(0, false), view.getUint16(2, false)];
}

export function registersToFloat32(high: number, low: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint16(0, high, false);
  view.setUint16(2, low, false);
  return view.getFloat32(0, false);
}
