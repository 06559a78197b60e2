import { createRng, deriveSeed } from './random';

const HOUR = 3_600_000;

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
