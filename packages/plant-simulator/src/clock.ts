import { performance } from 'node:perf_hooks';
import type { Plant } from './plant';

export interface RealTimeClock {
  stop(): void;
}

/**
 * Advances the plant at plant.accel simulated seconds per wall second. Sim time is anchored on
 * the start instant rather than summed tick by tick, so it does not drift when ticks run late.
 * Two clocks on one plant are harmless: step() only returns samples not yet produced, and
 * every batch reaches every onReadings listener whichever clock produced it.
 */
export function startRealTimeClock(plant: Plant, wallTickMs = 200): RealTimeClock {
  const wallStart = performance.now();
  const simStart = plant.simTime();
  plant.step(simStart);
  const ticker = setInterval(() => plant.step(simStart + plant.accel * (performance.now() - wallStart)), wallTickMs);
  return { stop: () => clearInterval(ticker) };
}
