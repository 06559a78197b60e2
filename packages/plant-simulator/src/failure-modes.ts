import type { AssetSpec, AssetType, SensorKind } from './catalog';
import { WEAR_SHAPE, type DegradationOptions } from './degradation';

export type FailureMode = 'bearing-wear' | 'imbalance' | 'impeller-wear' | 'insulation';
export const FAILURE_MODES: readonly FailureMode[] = ['bearing-wear', 'imbalance', 'impeller-wear', 'insulation'];

export interface FailureModeProfile {
  /** Curvature of the health curve (degradation.ts `wearHealth`): ~0 linear, larger = later, steeper. */
  shape: number;
  /** Sensors that carry the signature; an asset without them cannot be given this mode. */
  requires: readonly SensorKind[];
  types?: readonly AssetType[];
  /** The failure wrecks the vibration transducer mount: vibration sensors read bad while tripped. */
  blindsVibration: boolean;
}

export const FAILURE_MODE_PROFILES: Readonly<Record<FailureMode, FailureModeProfile>> = {
  // Spall growth feeds on itself (debris, rising contact stress): exponential, see WEAR_SHAPE.
  'bearing-wear': { shape: WEAR_SHAPE, requires: ['vibration'], blindsVibration: true },
  // Fouling or erosion of a rotor adds unbalance mass at a roughly constant rate.
  imbalance: { shape: 0.4, requires: ['amplitude_1x'], blindsVibration: false },
  // Erosion-corrosion removes metal at a steady rate; clearance losses grow a little faster.
  'impeller-wear': { shape: 0.6, requires: ['flow', 'pressure'], types: ['centrifugal-pump'], blindsVibration: false },
  // Thermal ageing of the insulation follows Arrhenius (life halves every ~10 °C, Montsinger);
  // the damage heats the winding, which ages it faster: a steep late runaway.
  insulation: { shape: 2.5, requires: ['winding_temperature', 'current'], blindsVibration: false },
};

/** Which asset degrades, how, and when (minutes from the plant start, then per cycle). */
export interface FailureSpec extends DegradationOptions {
  assetId: string;
  mode: FailureMode;
}

/**
 * P-101's bearing wear keeps the timing the demo and CI depend on (visible by ~90 min at
 * accel 60, failure at 240 min). F-302's imbalance is slow: it starts after the first P-101
 * repair and fails at 16 h, so a long demo has a second story without disturbing the first.
 */
export const DEFAULT_FAILURES: readonly FailureSpec[] = [
  { assetId: 'P-101', mode: 'bearing-wear', onsetMinutes: 30, failureMinutes: 240, repairMinutes: 30 },
  { assetId: 'F-302', mode: 'imbalance', onsetMinutes: 180, failureMinutes: 960, repairMinutes: 60 },
];

/** One asset per failure mode, lifetimes of 4–10 h: the default for run-to-failure export. */
export const TRAINING_FAILURES: readonly FailureSpec[] = [
  { assetId: 'P-101', mode: 'bearing-wear', onsetMinutes: 30, failureMinutes: 240, repairMinutes: 30 },
  { assetId: 'F-302', mode: 'imbalance', onsetMinutes: 60, failureMinutes: 480, repairMinutes: 60 },
  { assetId: 'P-102', mode: 'impeller-wear', onsetMinutes: 60, failureMinutes: 600, repairMinutes: 60 },
  { assetId: 'M-202', mode: 'insulation', onsetMinutes: 60, failureMinutes: 360, repairMinutes: 60 },
];

/** Fails with a RangeError naming the asset when a failure cannot be simulated on it. */
export function validateFailures(failures: readonly FailureSpec[], assets: readonly AssetSpec[]): void {
  const seen = new Set<string>();
  for (const f of failures) {
    const asset = assets.find((a) => a.id === f.assetId);
    if (!asset) throw new RangeError(`failure ${f.mode}: unknown asset ${f.assetId}`);
    if (seen.has(f.assetId)) throw new RangeError(`asset ${f.assetId} has more than one failure mode`);
    seen.add(f.assetId);
    const profile = FAILURE_MODE_PROFILES[f.mode];
    if (!profile) throw new RangeError(`unknown failure mode ${String(f.mode)}`);
    if (profile.types && !profile.types.includes(asset.type)) {
      throw new RangeError(`${f.mode} applies to ${profile.types.join(', ')}, not to ${f.assetId} (${asset.type})`);
    }
    const missing = profile.requires.filter((kind) => !asset.sensors.some((s) => s.kind === kind));
    if (missing.length > 0) throw new RangeError(`${f.mode} on ${f.assetId} needs sensors ${missing.join(', ')}`);
  }
}
