/**
 * A Modbus device cannot describe itself (unlike an OPC UA server, there is nothing to browse),
 * so its catalog comes from the configuration: the declared assets, each with its mapped points.
 */
import type { AssetSpec, SensorSpec } from '@vigie/plant-simulator';
import type { ModbusDeviceConfig, ModbusPoint, RegisterType } from './modbus-config';

const FLOAT32_MAX = 3.4028234663852886e38;

const RAW_RANGES: Readonly<Record<RegisterType, readonly [number, number]>> = {
  bool: [0, 1],
  int16: [-0x8000, 0x7fff],
  uint16: [0, 0xffff],
  int32: [-0x80000000, 0x7fffffff],
  uint32: [0, 0xffffffff],
  float32: [-FLOAT32_MAX, FLOAT32_MAX],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
};

const finite = (x: number): number => Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, x));

/**
 * The sensor's range: the configured min/max, else what the register type can represent after
 * scale and offset, so that a range is always a true bound on what this sensor can report.
 */
export function pointRange(point: ModbusPoint): { min: number; max: number } {
  const [lo, hi] = RAW_RANGES[point.register.type];
  const a = finite(lo * point.scale + point.offset);
  const b = finite(hi * point.scale + point.offset);
  return { min: point.min ?? Math.min(a, b), max: point.max ?? Math.max(a, b) };
}

export function sensorSpec(point: ModbusPoint, pollIntervalMs: number): SensorSpec {
  return { id: point.sensorId, kind: point.kind, unit: point.unit, ...pointRange(point), samplingHz: 1000 / pollIntervalMs };
}

/** One AssetSpec per declared asset, its sensors in the order the points were declared. */
export function buildModbusCatalog(config: ModbusDeviceConfig): AssetSpec[] {
  return config.assets.map((asset) => ({
    id: asset.id,
    name: asset.name,
    type: asset.type,
    site: asset.site,
    area: asset.area,
    line: asset.line,
    location: { lat: asset.location.lat, lon: asset.location.lon },
    sensors: config.points.filter((p) => p.assetId === asset.id).map((p) => sensorSpec(p, config.pollIntervalMs)),
  }));
}
