import type { Quality, SensorKind } from './catalog';
import type { HealthState } from './degradation';
import type { Rng } from './random';

/** Nominal value of each sensor at the nominal operating point (load 1, healthy). */
export type NominalProfile = Partial<Record<SensorKind, number>>;

export const NOMINAL: Readonly<Record<string, NominalProfile>> = {
  'P-101': { vibration: 2.2, temperature: 55, current: 42, pressure: 4.5 },
  'P-102': { vibration: 2.3, temperature: 54, current: 41, flow: 120 },
  'M-201': { vibration: 1.8, temperature: 62, current: 28, speed: 1480 },
  'F-301': { vibration: 2.8, temperature: 45, speed: 990 },
};

const AMBIENT_C = 25;
/** ISO 10816 zone D for a medium machine on rigid foundations starts above 11 mm/s. */
export const FAILURE_VIBRATION = 12;
/** Bearing temperature rise at failure: friction heat of a spalled race. */
const FAILURE_TEMP_RISE = 18;
const COOLDOWN_MINUTES = 15;

export interface SampleContext {
  kind: SensorKind;
  nominal: number;
  /** Operating point relative to nominal (1 = nominal load). */
  load: number;
  /** 1 - health of the asset: 0 healthy, 1 at failure. */
  damage: number;
  state: HealthState;
  /** Simulated minutes since the asset tripped; only meaningful when failed / under repair. */
  minutesSinceTrip: number;
  /** Load when the asset tripped, to start the cool-down from the right temperature. */
  loadAtTrip: number;
}

export interface Sample {
  value: number | null;
  quality: Quality;
}

/** Noise-free value of a running asset; noise is added by `sample`. */
function runningValue(kind: SensorKind, nominal: number, load: number, damage: number): number {
  switch (kind) {
    case 'vibration':
      return (nominal + (FAILURE_VIBRATION - nominal) * damage) * (0.85 + 0.15 * load);
    case 'temperature':
      return AMBIENT_C + (nominal - AMBIENT_C) * (0.8 + 0.2 * load) + FAILURE_TEMP_RISE * damage;
    case 'current':
      return nominal * (0.35 + 0.65 * load) * (1 + 0.08 * damage);
    case 'pressure':
      return nominal * (0.92 + 0.08 * load) * (1 - 0.05 * damage);
    case 'flow':
      return nominal * load * (1 - 0.05 * damage);
    case 'speed':
      // Induction machines slip a little more under load.
      return nominal * (1 + 0.008 * (1 - load));
  }
}

/** Relative standard deviation of the measurement noise; vibration scatter widens with wear. */
function relativeNoise(kind: SensorKind, damage: number): number {
  switch (kind) {
    case 'vibration':
      return 0.04 + 0.06 * damage;
    case 'temperature':
      return 0.005;
    case 'speed':
      return 0.0005;
    default:
      return 0.006;
  }
}

/** One measurement. A tripped asset is at standstill; under repair its sensors are isolated. */
export function sample(ctx: SampleContext, rng: Rng): Sample {
  const noise = rng.gaussian();
  if (ctx.state === 'running' || ctx.state === 'degrading') {
    const mean = runningValue(ctx.kind, ctx.nominal, ctx.load, ctx.damage);
    return { value: mean * (1 + relativeNoise(ctx.kind, ctx.damage) * noise), quality: 'good' };
  }
  const quality: Quality = ctx.state === 'repair' ? 'uncertain' : 'good';
  switch (ctx.kind) {
    case 'vibration':
      // The accelerometer mount is wrecked with the bearing: no trustworthy reading until repaired.
      if (ctx.state === 'failed') return { value: null, quality: 'bad' };
      return { value: Math.abs(0.05 + 0.02 * noise), quality };
    case 'temperature': {
      const atTrip = runningValue('temperature', ctx.nominal, ctx.loadAtTrip, 1);
      const cooled = AMBIENT_C + (atTrip - AMBIENT_C) * Math.exp(-ctx.minutesSinceTrip / COOLDOWN_MINUTES);
      return { value: cooled + 0.1 * noise, quality };
    }
    default:
      // Stopped machine: flat zero, which is exactly what the server must still deliver.
      return { value: 0, quality };
  }
}
