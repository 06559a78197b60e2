import { MlError } from '../errors';
import { createRng } from '../random';

/** Units (by number) for training and for validation, each sorted ascending. */
export interface UnitSplit {
  readonly train: number[];
  readonly validation: number[];
}

/**
 * Validation split **by unit**: every cycle of a unit goes to the same side, so windows of one engine never sit on
 * both sides (splitting windows at random leaks the engine's trajectory into validation). round(`fraction` × units)
 * units, at least one and leaving at least one, are drawn by a seeded Fisher–Yates shuffle. Fails with ML_BAD_INPUT on
 * fewer than two distinct units or a fraction outside (0, 1).
 */
export function splitUnits(units: readonly number[], fraction = 0.2, seed = 0): UnitSplit {
  const distinct = [...new Set(units)].sort((a, b) => a - b);
  if (distinct.length < 2) throw new MlError('ML_BAD_INPUT', `a split by unit needs ≥ 2 units, got ${distinct.length}`);
  if (!(fraction > 0 && fraction < 1)) throw new MlError('ML_BAD_INPUT', `validation fraction ${fraction} is outside (0, 1)`);
  const rng = createRng(seed);
  const order = [...distinct];
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const m = Math.min(distinct.length - 1, Math.max(1, Math.round(fraction * distinct.length)));
  const byNumber = (a: number, b: number): number => a - b;
  return { train: order.slice(m).sort(byNumber), validation: order.slice(0, m).sort(byNumber) };
}
