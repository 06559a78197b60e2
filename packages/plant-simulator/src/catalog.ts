import { DEMO_LAYOUT, type AssetLayout } from './layout';
import { defaultRange, SENSOR_TEMPLATES } from './templates';

/**
 * The demo plant's static description and the shapes shared with the ingestion side.
 * Sensor ids are `${assetId}.${kind}` so they are unique plant-wide and readable in logs;
 * an asset therefore carries at most one sensor of each kind.
 */
export type AssetType = 'centrifugal-pump' | 'motor' | 'fan' | 'compressor' | 'gearbox' | 'conveyor';
export type SensorKind =
  | 'vibration'
  | 'bpfo_amplitude'
  | 'amplitude_1x'
  | 'temperature'
  | 'winding_temperature'
  | 'current'
  | 'pressure'
  | 'flow'
  | 'speed';
export type Quality = 'good' | 'uncertain' | 'bad';

export interface SensorSpec {
  id: string;
  kind: SensorKind;
  unit: string;
  min: number;
  max: number;
  /** Samples per second of simulated time. */
  samplingHz: number;
}

export interface AssetSpec {
  id: string;
  name: string;
  type: AssetType;
  site: string;
  area: string;
  line: string;
  location: { lat: number; lon: number };
  sensors: SensorSpec[];
}

export interface Reading {
  assetId: string;
  sensorId: string;
  /** Epoch ms, simulated time. */
  ts: number;
  value: number | null;
  unit: string;
  quality: Quality;
}

export const ASSET_TYPES: readonly AssetType[] = ['centrifugal-pump', 'motor', 'fan', 'compressor', 'gearbox', 'conveyor'];
export const SENSOR_KINDS: readonly SensorKind[] = [
  'vibration', 'bpfo_amplitude', 'amplitude_1x', 'temperature', 'winding_temperature', 'current', 'pressure', 'flow', 'speed',
];

/** 1/12 Hz gives ~5 samples per wall second per sensor at the default accel of 60. */
export const DEFAULT_SAMPLING_HZ = 1 / 12;

/**
 * `vibration` is the broadband velocity RMS (ISO 10816, 10–1000 Hz); `bpfo_amplitude` and
 * `amplitude_1x` are velocity RMS of single spectral lines, so they share its unit.
 */
export const UNITS: Readonly<Record<SensorKind, string>> = {
  vibration: 'mm/s',
  bpfo_amplitude: 'mm/s',
  amplitude_1x: 'mm/s',
  temperature: '°C',
  winding_temperature: '°C',
  current: 'A',
  pressure: 'bar',
  flow: 'm3/h',
  speed: 'rpm',
};

function toSpec(asset: AssetLayout, samplingHz: number): AssetSpec {
  return {
    id: asset.id,
    name: asset.name,
    type: asset.type,
    site: asset.site,
    area: asset.area,
    line: asset.line,
    location: { ...asset.location },
    sensors: SENSOR_TEMPLATES[asset.type].map((kind) => {
      const [min, max] = asset.ranges?.[kind] ?? defaultRange(kind, asset.nominal[kind] ?? 0);
      return { id: `${asset.id}.${kind}`, kind, unit: UNITS[kind], min, max, samplingHz };
    }),
  };
}

/** The demo plant (see layout.ts): P-101 is the asset that wears out by default. */
export function buildCatalog(samplingHz: number = DEFAULT_SAMPLING_HZ, layout: readonly AssetLayout[] = DEMO_LAYOUT): AssetSpec[] {
  return layout.map((asset) => toSpec(asset, samplingHz));
}
