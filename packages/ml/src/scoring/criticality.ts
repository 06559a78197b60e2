import { MlError } from '../errors';
import { potQuantile, type PotModel } from './pot';

export const CRITICALITY_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITY_LEVELS)[number];

/** Ascending score thresholds of low, medium, high and critical. */
export type LevelThresholds = readonly [number, number, number, number];

/**
 * Level thresholds from a POT tail: low at the fitted risk q, then q/`step`, q/step², q/step³ (default step 10): each
 * level is `step` times rarer for normal data than the one below. Falls back to strictly increasing values when the
 * tail is bounded (γ < 0) and two quantiles coincide.
 */
export function thresholdsFromPot(pot: PotModel, step = 10): LevelThresholds {
  if (!(step > 1)) throw new MlError('ML_BAD_INPUT', `step ${step} is not > 1`);
  const t = [0, 1, 2, 3].map((k) => potQuantile(pot, pot.risk / step ** k));
  for (let k = 1; k < 4; k++) if (!(t[k]! > t[k - 1]!)) t[k] = t[k - 1]! + Math.abs(t[k - 1]!) * 1e-9 + Number.MIN_VALUE;
  return t as unknown as LevelThresholds;
}

/** Thresholds as multiples of a base threshold (default ×1, ×1.5, ×2, ×3). */
export function thresholdsFromMultiples(
  base: number,
  multiples: readonly [number, number, number, number] = [1, 1.5, 2, 3],
): LevelThresholds {
  const t = multiples.map((m) => base * m);
  if (!t.every((v, k) => Number.isFinite(v) && (k === 0 || v > t[k - 1]!)))
    throw new MlError('ML_BAD_INPUT', 'thresholds must be finite and increasing');
  return t as unknown as LevelThresholds;
}

/** 0 below `low`, else 1 + the index of the highest level reached (1 = low … 4 = critical). */
export function levelIndex(score: number, thresholds: LevelThresholds): number {
  let level = 0;
  while (level < 4 && score >= thresholds[level]!) level++;
  return level;
}

/** The level name of an index from `levelIndex` (undefined for 0, normal). */
export function criticalityOf(level: number): Criticality | undefined {
  return level >= 1 ? CRITICALITY_LEVELS[Math.min(level, 4) - 1] : undefined;
}
