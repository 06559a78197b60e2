import type { AssetLayout } from './layout';
import { createRng, deriveSeed } from './random';

const HOUR = 3_600_000;
/** Production re-plans (recipe, order, shift) at most this often. */
const STEP_SLOT = 1.5 * HOUR;
const LOAD_STEPS = [0.85, 1, 1, 1.1] as const;
const SPEED_STEPS = [0.9, 1, 1, 1.05] as const;

export interface OperatingPoint {
  /** Shaft power relative to nominal (1 = nominal load). */
  load: number;
  /** Shaft speed relative to nominal (1 = nominal speed). */
  speed: number;
}

/**
 * Operating point of one asset relative to nominal, as a pure function of time: a shift
 * pattern (8 h) plus a faster process swing (47 min), phases seeded per asset. Being
 * stateless, it gives the same value whatever order or chunking the plant is stepped in.
 */
export function createLoadProfile(seed: number, assetId: string): (t: number) => number {
  const rng = createRng(deriveSeed(seed, `load:${assetId}`));
  const shiftPhase = 2 * Math.PI * rng.uniform();
  const swingPhase = 2 * Math.PI * rng.uniform();
  const shiftPeriod = 8 * HOUR;
  const swingPeriod = (47 / 60) * HOUR;
  return (t) => {
    const load =
      1 + 0.12 * Math.sin((2 * Math.PI * t) / shiftPeriod + shiftPhase) + 0.05 * Math.sin((2 * Math.PI * t) / swingPeriod + swingPhase);
    return Math.min(1.3, Math.max(0.6, load));
  };
}

/**
 * A setpoint that steps at seeded instants: slot k = ⌊t / 1.5 h⌋ draws its level from its own
 * stream, so the value at t needs no history (determinism under any chunking). Equal levels
 * in the table make "no change" as likely as a step.
 */
function stepSetpoint(seed: number, name: string, levels: readonly number[]): (t: number) => number {
  let cachedSlot = Number.NaN;
  let cachedLevel = 1;
  return (t) => {
    const slot = Math.floor(t / STEP_SLOT);
    if (slot !== cachedSlot) {
      cachedSlot = slot;
      cachedLevel = levels[Math.floor(createRng(deriveSeed(seed, `${name}:${slot}`)).uniform() * levels.length)] ?? 1;
    }
    return cachedLevel;
  };
}

/**
 * Base-duty assets (the cooling loop) follow the smooth profile only. Variable-duty assets add
 * load steps; VFD assets step their speed. A fan's shaft power follows the fan law P ∝ n³,
 * so its load is the cube of its speed ratio times the process swing.
 */
export function createOperatingProfile(seed: number, asset: Pick<AssetLayout, 'id' | 'type' | 'duty' | 'drive'>): (t: number) => OperatingPoint {
  const base = createLoadProfile(seed, asset.id);
  const loadStep = asset.duty === 'variable' ? stepSetpoint(seed, `load-step:${asset.id}`, LOAD_STEPS) : () => 1;
  const speedStep = asset.drive === 'vfd' ? stepSetpoint(seed, `speed-step:${asset.id}`, SPEED_STEPS) : () => 1;
  return (t) => {
    const speed = speedStep(t);
    const process = asset.type === 'fan' ? speed ** 3 : 1;
    return { load: Math.min(1.3, Math.max(0.5, base(t) * loadStep(t) * process)), speed };
  };
}
