import type { AssetType, SensorKind } from './catalog';

/**
 * The sensors each machine type carries, in the order they appear in the catalog (and so in
 * the Modbus register map). Spectral features are separate sensors because that is how online
 * analysers publish them: one scalar per band, computed on the edge from the waveform.
 */
export const SENSOR_TEMPLATES: Readonly<Record<AssetType, readonly SensorKind[]>> = {
  // Flow and discharge pressure carry the hydraulic signature (impeller wear); the bearing band
  // and the 1× line the mechanical ones.
  'centrifugal-pump': ['vibration', 'bpfo_amplitude', 'amplitude_1x', 'temperature', 'current', 'pressure', 'flow'],
  // Stator RTDs (winding_temperature) are fitted to motors above ~100 kW and to every VFD motor.
  motor: ['vibration', 'bpfo_amplitude', 'amplitude_1x', 'temperature', 'winding_temperature', 'current', 'speed'],
  fan: ['vibration', 'bpfo_amplitude', 'amplitude_1x', 'temperature', 'current', 'speed'],
  compressor: ['vibration', 'bpfo_amplitude', 'amplitude_1x', 'temperature', 'winding_temperature', 'current', 'pressure'],
  // A gearbox reports its oil temperature and output speed; its motor is monitored separately.
  gearbox: ['vibration', 'bpfo_amplitude', 'amplitude_1x', 'temperature', 'speed'],
  // Conveyors are monitored through their drive: belt-side vibration, motor winding and current.
  conveyor: ['vibration', 'temperature', 'winding_temperature', 'current', 'speed'],
};

/** Rounds up to two significant figures, so default ranges read like a datasheet (0–110 A). */
function niceCeil(x: number): number {
  const step = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / step) * step;
}

/**
 * Range of a sensor when the layout does not state one: absolute for vibration (ISO 10816 tops
 * out well below 25 mm/s) and temperatures (insulation class F is 155 °C), otherwise scaled from
 * the nominal value with room for overload.
 */
export function defaultRange(kind: SensorKind, nominal: number): [min: number, max: number] {
  switch (kind) {
    case 'vibration':
    case 'bpfo_amplitude':
    case 'amplitude_1x':
      return [0, 25];
    case 'temperature':
      return [-20, 150];
    case 'winding_temperature':
      return [-20, 200];
    case 'speed':
      return [0, niceCeil(1.25 * nominal)];
    default:
      return [0, niceCeil(2.2 * nominal)];
  }
}
