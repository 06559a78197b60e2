import { defectFrequencies, type BearingGeometry } from './bearing';
import type { Quality, SensorKind } from './catalog';
import type { HealthState } from './degradation';
import type { NominalProfile } from './layout';
import type { OperatingPoint } from './load';
import type { Rng } from './random';
import type { Signature } from './signatures';

const AMBIENT_C = 25;
const G = 9.80665;
/** ISO 10816 zone D for a medium machine on rigid foundations starts above 11 mm/s. */
export const FAILURE_VIBRATION = 12;
/** Bearing temperature rise at failure: friction heat of a spalled race. */
const FAILURE_TEMP_RISE = 18;
/** 1× velocity at which an unbalanced rotor trips on its vibration switch. */
const TRIP_1X = 10.5;
/** Envelope of the defect impacts at the BPFO line, in g: noise floor, and at failure. */
const BPFO_HEALTHY_G = 0.01;
const BPFO_FAILURE_G = 0.4;
const COOLDOWN_MINUTES = 15;

export interface AssetPhysics {
  nominal: NominalProfile;
  rpm: number;
  bearing: BearingGeometry;
}

export interface SampleContext {
  kind: SensorKind;
  asset: AssetPhysics;
  op: OperatingPoint;
  signature: Signature;
  /** 1 − health: widens the vibration scatter as the machine wears. */
  damage: number;
  state: HealthState;
  /** The failure wrecked the transducer mount (bearing seizure): vibration reads bad while tripped. */
  blindsVibration: boolean;
  /** Simulated minutes since the asset tripped; only meaningful when failed / under repair. */
  minutesSinceTrip: number;
  /** Operating point and signature when the asset tripped, to start cool-down from the right temperature. */
  opAtTrip: OperatingPoint;
  signatureAtTrip: Signature;
}

export interface Sample {
  value: number | null;
  quality: Quality;
}

/**
 * 1× line of a rigid rotor below its first critical speed: the unbalance force F = U·ω² moves
 * the bearing housing x = F/k, so velocity v = ω·x ∝ U·ω³. U grows from its residual (ISO 1940
 * grade) to the trip level as `unbalance` goes 0 → 1.
 */
function oneTimesRunningSpeed(a: AssetPhysics, op: OperatingPoint, s: Signature): number {
  const residual = a.nominal.amplitude_1x ?? 0;
  if (residual === 0) return 0;
  return residual * (1 + (TRIP_1X / residual - 1) * s.unbalance) * op.speed ** 3;
}

/**
 * Velocity of the BPFO line. Impacts of rollers on an outer-race spall excite an acceleration
 * line a = A·g at BPFO, A growing with spall size and with impact energy ∝ n²; integrating to
 * velocity divides by 2π·BPFO, so the line depends on bearing geometry and speed:
 *   v = A·g·(n/n₀)² / (2π·BPFO),   BPFO = (z/2)·f_r·(1 − d/D·cos φ).
 * A rises as damage^0.8: the line emerges (stage 2) before broadband RMS moves much.
 */
function bpfoLine(a: AssetPhysics, op: OperatingPoint, s: Signature): number {
  const bpfo = defectFrequencies(a.bearing, a.rpm * op.speed).bpfo;
  const envelopeG = BPFO_HEALTHY_G + (BPFO_FAILURE_G - BPFO_HEALTHY_G) * s.bearing ** 0.8;
  return ((envelopeG * G * op.speed ** 2) / (2 * Math.PI * bpfo)) * 1000;
}

/** Noise-free value of a running asset; noise is added by `sample`. */
export function runningValue(kind: SensorKind, a: AssetPhysics, op: OperatingPoint, s: Signature): number {
  const n = (k: SensorKind) => a.nominal[k] ?? 0;
  const { load, speed } = op;
  // Motor current: magnetising part (~35 %) plus torque part; a worn impeller absorbs P ∝ D³/η.
  const hydraulic = s.diameterRatio ** 3 / s.efficiencyRatio;
  const currentFactor = (0.35 + 0.65 * load * hydraulic) * (1 + 0.08 * s.bearing + 0.04 * s.unbalance + 0.12 * s.insulation);
  switch (kind) {
    case 'vibration': {
      // Broadband RMS rises linearly with spall severity; spectral lines add in quadrature
      // (distinct frequencies are orthogonal), so a growing 1× line replaces the residual one.
      const broadband = (n('vibration') + (FAILURE_VIBRATION - n('vibration')) * s.bearing) * (0.85 + 0.15 * load);
      const residual = n('amplitude_1x');
      return Math.sqrt(Math.max(0, broadband ** 2 - residual ** 2) + oneTimesRunningSpeed(a, op, s) ** 2);
    }
    case 'bpfo_amplitude':
      return bpfoLine(a, op, s);
    case 'amplitude_1x':
      return oneTimesRunningSpeed(a, op, s);
    case 'temperature':
      // Unbalance loads the bearings too: a little extra friction heat.
      return AMBIENT_C + (n('temperature') - AMBIENT_C) * (0.8 + 0.2 * load) + FAILURE_TEMP_RISE * s.bearing + 6 * s.unbalance;
    case 'winding_temperature':
      // Copper loss ∝ I², plus the hot spot of shorted turns (Montsinger: every 10 °C halves life).
      return AMBIENT_C + (n('winding_temperature') - AMBIENT_C) * currentFactor ** 2 + 25 * s.insulation;
    case 'current':
      return n('current') * currentFactor;
    case 'pressure':
      // Affinity laws: head H ∝ n²·D².
      return n('pressure') * (0.92 + 0.08 * load) * speed ** 2 * s.diameterRatio ** 2 * (1 - 0.05 * s.bearing);
    case 'flow':
      // Affinity laws: flow Q ∝ n·D.
      return n('flow') * load * speed * s.diameterRatio * (1 - 0.05 * s.bearing);
    case 'speed':
      // Induction machines slip a little more under load.
      return n('speed') * speed * (1 + 0.008 * (1 - load));
  }
}

/** Relative standard deviation of the measurement noise; vibration scatter widens with wear. */
function relativeNoise(kind: SensorKind, damage: number): number {
  switch (kind) {
    case 'vibration':
    case 'amplitude_1x':
      return 0.04 + 0.06 * damage;
    case 'bpfo_amplitude':
      // A single spectral bin is a noisier estimate than a band RMS.
      return 0.08 + 0.06 * damage;
    case 'temperature':
    case 'winding_temperature':
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
    const mean = runningValue(ctx.kind, ctx.asset, ctx.op, ctx.signature);
    return { value: mean * (1 + relativeNoise(ctx.kind, ctx.damage) * noise), quality: 'good' };
  }
  const quality: Quality = ctx.state === 'repair' ? 'uncertain' : 'good';
  switch (ctx.kind) {
    case 'vibration':
    case 'bpfo_amplitude':
    case 'amplitude_1x': {
      // A seized bearing wrecks the accelerometer mount: no trustworthy reading until repaired.
      if (ctx.state === 'failed' && ctx.blindsVibration) return { value: null, quality: 'bad' };
      const floor = ctx.kind === 'vibration' ? 0.05 : 0.01;
      return { value: Math.abs(floor + 0.4 * floor * noise), quality };
    }
    case 'temperature':
    case 'winding_temperature': {
      const atTrip = runningValue(ctx.kind, ctx.asset, ctx.opAtTrip, ctx.signatureAtTrip);
      const cooled = AMBIENT_C + (atTrip - AMBIENT_C) * Math.exp(-ctx.minutesSinceTrip / COOLDOWN_MINUTES);
      return { value: cooled + 0.1 * noise, quality };
    }
    default:
      // Stopped machine: flat zero, which is exactly what the servers must still deliver.
      return { value: 0, quality };
  }
}
