/**
 * The demo plant's static description and the shapes shared with the ingestion side.
 * Sensor ids are `${assetId}.${kind}` so they are unique plant-wide and readable in logs.
 */
export type AssetType = 'centrifugal-pump' | 'motor' | 'fan';
export type SensorKind = 'vibration' | 'temperature' | 'current' | 'pressure' | 'flow' | 'speed';
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

export const ASSET_TYPES: readonly AssetType[] = ['centrifugal-pump', 'motor', 'fan'];
export const SENSOR_KINDS: readonly SensorKind[] = ['vibration', 'temperature', 'current', 'pressure', 'flow', 'speed'];

/** 1/12 Hz gives ~5 samples per wall second per sensor at the default accel of 60. */
export const DEFAULT_SAMPLING_HZ = 1 / 12;

export const UNITS: Readonly<Record<SensorKind, string>> = {
  vibration: 'mm/s',
  temperature: '°C',
  current: 'A',
  pressure: 'bar',
  flow: 'm3/h',
  speed: 'rpm',
};

type SensorRange = readonly [kind: SensorKind, min: number, max: number];
type AssetLayout = Omit<AssetSpec, 'sensors' | 'site' | 'area'> & { sensors: readonly SensorRange[] };

const SITE = 'Lyon-Gerland';
const AREA = 'Utilities';

const LAYOUT: readonly AssetLayout[] = [
  {
    id: 'P-101', name: 'Cooling water pump A', type: 'centrifugal-pump', line: 'Cooling loop 1',
    location: { lat: 45.7312, lon: 4.8321 },
    sensors: [['vibration', 0, 25], ['temperature', -20, 150], ['current', 0, 100], ['pressure', 0, 10]],
  },
  {
    id: 'P-102', name: 'Cooling water pump B', type: 'centrifugal-pump', line: 'Cooling loop 1',
    location: { lat: 45.7313, lon: 4.8324 },
    sensors: [['vibration', 0, 25], ['temperature', -20, 150], ['current', 0, 100], ['flow', 0, 200]],
  },
  {
    id: 'M-201', name: 'Conveyor drive motor', type: 'motor', line: 'Packaging line 2',
    location: { lat: 45.7318, lon: 4.8332 },
    sensors: [['vibration', 0, 25], ['temperature', -20, 150], ['current', 0, 60], ['speed', 0, 1800]],
  },
  {
    id: 'F-301', name: 'Cooling tower fan', type: 'fan', line: 'Cooling loop 1',
    location: { lat: 45.7309, lon: 4.8340 },
    sensors: [['vibration', 0, 25], ['temperature', -20, 150], ['speed', 0, 1200]],
  },
];

/** The demo plant: four assets, P-101 being the one that wears out (see degradation.ts). */
export function buildCatalog(samplingHz: number = DEFAULT_SAMPLING_HZ): AssetSpec[] {
  return LAYOUT.map((asset) => ({
    id: asset.id,
    name: asset.name,
    type: asset.type,
    site: SITE,
    area: AREA,
    line: asset.line,
    location: { ...asset.location },
    sensors: asset.sensors.map(([kind, min, max]) => ({
      id: `${asset.id}.${kind}`,
      kind,
      unit: UNITS[kind],
      min,
      max,
      samplingHz,
    })),
  }));
}
