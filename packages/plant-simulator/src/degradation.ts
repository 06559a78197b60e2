import { createRng, deriveSeed } from './random';

export type HealthState = 'running' | 'degrading' | 'failed' | 'repair';

export interface DegradationOptions {
  /** Simulated minutes from the start of a cycle (plant start or restoration) to wear onset. */
  onsetMinutes?: number;
  /** Simulated minutes from the start of the first cycle to failure (h = 0). */
  failureMinutes?: number;
  /** Simulated minutes from failure to restoration (h = 1), tripped time included. */
  repairMinutes?: number;
  /** Part of repairMinutes the asset sits tripped before the repair crew isolates it. */
  failedMinutes?: number;
  /** Curvature of the health curve; defaults to the bearing-wear WEAR_SHAPE. */
  shape?: number;
}

export interface HealthSnapshot {
  health: number;
  state: HealthState;
  /** Minutes to the next failure; 0 while failed or under repair. */
  rulMinutes: number;
  /** Simulated epoch ms of the failure that ends (or ended) the current cycle. */
  failureAt: number;
}

interface Cycle {
  start: number;
  onset: number;
  failure: number;
  repairStart: number;
  restored: number;
}

const MINUTE = 60_000;

/**
 * Shape of the wear curve. With vibration linear in damage (1 - h) between 2.2 mm/s and
 * 12 mm/s, this shape makes vibration grow as 2.2·e^(b·τ): the exponential growth reported
 * for rolling-element bearings, reaching ISO 10816 zone D exactly at h = 0.
 */
export const WEAR_SHAPE = Math.log(12 / 2.2);

/** Health along one degradation: 1 at onset, 0 at failure, accelerating in between. */
export function wearHealth(fraction: number, shape: number = WEAR_SHAPE): number {
  const x = Math.min(1, Math.max(0, fraction));
  return 1 - Math.expm1(shape * x) / Math.expm1(shape);
}

/**
 * The hidden health of a degrading asset as a pure function of simulated time. Cycles after
 * the first last 80–120 % as long (seeded), so a RUL model cannot just learn a constant.
 * `stream` names the random stream, so two degrading assets get independent lifetimes.
 */
export function createDegradationSchedule(startTime: number, seed: number, options: DegradationOptions = {}, stream = 'degradation-schedule') {
  const { onsetMinutes = 30, failureMinutes = 240, repairMinutes = 30, shape = WEAR_SHAPE } = options;
  const failedMinutes = Math.min(options.failedMinutes ?? 5, repairMinutes);
  if (!(onsetMinutes >= 0 && failureMinutes > onsetMinutes && repairMinutes > 0 && shape > 0)) {
    throw new RangeError(`invalid degradation timing ${JSON.stringify(options)}: need 0 <= onset < failure, repair > 0, shape > 0`);
  }
  const rng = createRng(deriveSeed(seed, stream));
  const cycles: Cycle[] = [];

  const makeCycle = (start: number, scale: number): Cycle => {
    const onset = start + onsetMinutes * MINUTE;
    const failure = onset + (failureMinutes - onsetMinutes) * scale * MINUTE;
    return { start, onset, failure, repairStart: failure + failedMinutes * MINUTE, restored: failure + repairMinutes * MINUTE };
  };

  const cycleAt = (t: number): Cycle => {
    if (cycles.length === 0) cycles.push(makeCycle(startTime, 1));
    let last = cycles[cycles.length - 1]!;
    while (t >= last.restored) {
      last = makeCycle(last.restored, 0.8 + 0.4 * rng.uniform());
      cycles.push(last);
    }
    // Cycles are contiguous and sorted; the scan is short because t moves forward.
    for (let i = cycles.length - 1; i > 0; i--) {
      if (t >= cycles[i]!.start) return cycles[i]!;
    }
    return cycles[0]!;
  };

  return {
    at(t: number): HealthSnapshot {
      const c = cycleAt(t);
      const rulMinutes = Math.max(0, (c.failure - t) / MINUTE);
      if (t < c.onset) return { health: 1, state: 'running', rulMinutes, failureAt: c.failure };
      if (t < c.failure) {
        const health = wearHealth((t - c.onset) / (c.failure - c.onset), shape);
        return { health, state: 'degrading', rulMinutes, failureAt: c.failure };
      }
      const state: HealthState = t < c.repairStart ? 'failed' : 'repair';
      return { health: 0, state, rulMinutes: 0, failureAt: c.failure };
    },
  };
}

export type DegradationSchedule = ReturnType<typeof createDegradationSchedule>;
