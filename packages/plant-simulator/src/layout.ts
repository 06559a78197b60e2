import { BEARINGS, type BearingGeometry } from './bearing';
import type { AssetType, SensorKind } from './catalog';

/** Nominal value of each sensor at the nominal operating point (load 1, speed 1, healthy). */
export type NominalProfile = Partial<Record<SensorKind, number>>;

/**
 * One machine of the plant: its place in the ISA-95 hierarchy (site → area → line), what it
 * reads when healthy, and the physics the failure modes need (shaft speed, bearing geometry).
 */
export interface AssetLayout {
  id: string;
  name: string;
  type: AssetType;
  site: string;
  area: string;
  line: string;
  location: { lat: number; lon: number };
  nominal: NominalProfile;
  /** Ranges that differ from templates.ts `defaultRange` (kept from the first demo plant). */
  ranges?: Partial<Record<SensorKind, readonly [number, number]>>;
  /** Shaft speed at the monitored bearing, rpm (the input shaft for a gearbox). */
  rpm: number;
  bearing: BearingGeometry;
  /** `base`: steady utility demand; `variable`: production steps the load every few hours. */
  duty: 'base' | 'variable';
  /** `vfd`: speed follows a setpoint that steps with the process; `fixed`: line-fed motor. */
  drive: 'fixed' | 'vfd';
}

export const DEMO_SITE = 'Lyon-Gerland';

type Placement = Pick<AssetLayout, 'site' | 'area' | 'line'>;
const COOLING: Placement = { site: DEMO_SITE, area: 'Utilities', line: 'Cooling loop 1' };
const AIR: Placement = { site: DEMO_SITE, area: 'Utilities', line: 'Compressed air' };
const PACKAGING: Placement = { site: DEMO_SITE, area: 'Production', line: 'Packaging line 2' };
const MIXING: Placement = { site: DEMO_SITE, area: 'Production', line: 'Mixing line 1' };
const VENTILATION: Placement = { site: DEMO_SITE, area: 'Production', line: 'Ventilation' };

const at = (lat: number, lon: number) => ({ location: { lat, lon } });

/**
 * Fourteen machines of six types. P-101, P-102, M-201 and F-301 keep the ids, nominal values and
 * ranges of the first demo plant, which the end-to-end tests and the demo script rely on.
 */
export const DEMO_LAYOUT: readonly AssetLayout[] = [
  {
    id: 'P-101', name: 'Cooling water pump A', type: 'centrifugal-pump', ...COOLING, ...at(45.7312, 4.8321),
    nominal: { vibration: 2.2, amplitude_1x: 0.9, temperature: 55, current: 42, pressure: 4.5, flow: 120 },
    ranges: { current: [0, 100], pressure: [0, 10] },
    rpm: 2960, bearing: BEARINGS['6309'], duty: 'base', drive: 'fixed',
  },
  {
    id: 'P-102', name: 'Cooling water pump B', type: 'centrifugal-pump', ...COOLING, ...at(45.7313, 4.8324),
    nominal: { vibration: 2.3, amplitude_1x: 1.0, temperature: 54, current: 41, pressure: 4.4, flow: 120 },
    ranges: { current: [0, 100], flow: [0, 200] },
    rpm: 2960, bearing: BEARINGS['6309'], duty: 'base', drive: 'fixed',
  },
  {
    id: 'P-103', name: 'Syrup transfer pump', type: 'centrifugal-pump', ...MIXING, ...at(45.7325, 4.8318),
    nominal: { vibration: 1.9, amplitude_1x: 0.7, temperature: 48, current: 18, pressure: 3.2, flow: 45 },
    rpm: 1470, bearing: BEARINGS['6205'], duty: 'variable', drive: 'fixed',
  },
  {
    id: 'M-201', name: 'Conveyor drive motor', type: 'motor', ...PACKAGING, ...at(45.7318, 4.8332),
    nominal: { vibration: 1.8, amplitude_1x: 0.6, temperature: 62, winding_temperature: 95, current: 28, speed: 1480 },
    ranges: { current: [0, 60], speed: [0, 1800] },
    rpm: 1480, bearing: BEARINGS['6310'], duty: 'variable', drive: 'fixed',
  },
  {
    id: 'M-202', name: 'Mixer drive motor', type: 'motor', ...MIXING, ...at(45.7327, 4.8314),
    nominal: { vibration: 2.0, amplitude_1x: 0.8, temperature: 58, winding_temperature: 100, current: 55, speed: 1485 },
    rpm: 1485, bearing: BEARINGS['6312'], duty: 'variable', drive: 'fixed',
  },
  {
    id: 'F-301', name: 'Cooling tower fan', type: 'fan', ...COOLING, ...at(45.7309, 4.834),
    nominal: { vibration: 2.8, amplitude_1x: 1.4, temperature: 45, current: 30, speed: 990 },
    ranges: { speed: [0, 1200] },
    rpm: 990, bearing: BEARINGS['22216'], duty: 'variable', drive: 'vfd',
  },
  {
    id: 'F-302', name: 'Cooling tower fan 2', type: 'fan', ...COOLING, ...at(45.7308, 4.8343),
    nominal: { vibration: 2.7, amplitude_1x: 1.3, temperature: 44, current: 30, speed: 990 },
    ranges: { speed: [0, 1200] },
    rpm: 990, bearing: BEARINGS['22216'], duty: 'base', drive: 'fixed',
  },
  {
    id: 'F-303', name: 'Process hall extract fan', type: 'fan', ...VENTILATION, ...at(45.7322, 4.8338),
    nominal: { vibration: 2.4, amplitude_1x: 1.1, temperature: 42, current: 15, speed: 1460 },
    rpm: 1460, bearing: BEARINGS['6308'], duty: 'variable', drive: 'vfd',
  },
  {
    id: 'K-401', name: 'Screw compressor 1', type: 'compressor', ...AIR, ...at(45.7304, 4.8326),
    nominal: { vibration: 3.1, amplitude_1x: 1.0, temperature: 70, winding_temperature: 105, current: 160, pressure: 7.5 },
    rpm: 2980, bearing: BEARINGS['7310'], duty: 'variable', drive: 'fixed',
  },
  {
    id: 'K-402', name: 'Screw compressor 2', type: 'compressor', ...AIR, ...at(45.7303, 4.8329),
    nominal: { vibration: 3.0, amplitude_1x: 1.0, temperature: 68, winding_temperature: 102, current: 155, pressure: 7.5 },
    rpm: 2980, bearing: BEARINGS['7310'], duty: 'variable', drive: 'fixed',
  },
  {
    id: 'G-501', name: 'Conveyor gearbox', type: 'gearbox', ...PACKAGING, ...at(45.7319, 4.8334),
    nominal: { vibration: 2.5, amplitude_1x: 0.7, temperature: 65, speed: 148 },
    rpm: 1480, bearing: BEARINGS['32210'], duty: 'variable', drive: 'fixed',
  },
  {
    id: 'G-502', name: 'Mixer gearbox', type: 'gearbox', ...MIXING, ...at(45.7328, 4.8312),
    nominal: { vibration: 2.6, amplitude_1x: 0.8, temperature: 68, speed: 60 },
    rpm: 1485, bearing: BEARINGS['32210'], duty: 'variable', drive: 'fixed',
  },
  {
    id: 'C-601', name: 'Infeed belt conveyor', type: 'conveyor', ...PACKAGING, ...at(45.732, 4.8336),
    nominal: { vibration: 1.5, temperature: 50, winding_temperature: 85, current: 12, speed: 1450 },
    rpm: 1450, bearing: BEARINGS['6205'], duty: 'variable', drive: 'vfd',
  },
  {
    id: 'C-602', name: 'Outfeed belt conveyor', type: 'conveyor', ...PACKAGING, ...at(45.7321, 4.8339),
    nominal: { vibration: 1.6, temperature: 52, winding_temperature: 88, current: 14, speed: 1450 },
    rpm: 1450, bearing: BEARINGS['6205'], duty: 'variable', drive: 'vfd',
  },
];
