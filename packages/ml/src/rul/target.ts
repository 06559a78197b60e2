import { MlError } from '../errors';

/** Default cap of the piecewise-linear target (Heimes 2008; most C-MAPSS papers use 125 or 130). */
export const DEFAULT_RUL_CAP = 125;

/**
 * Piecewise-linear RUL target of each row: min(cap, RUL), RUL = (last cycle − cycle) + `rulAtEnd`. A run to failure has
 * `rulAtEnd` 0 (failure right after the last cycle); a censored test unit has its known RUL there. The cap models
 * the early life in which no degradation is visible, so the target is flat; `cap: Infinity` gives the linear target.
 * Fails with ML_BAD_INPUT on an empty or non-increasing `cycles`, a cap ≤ 0 or a negative `rulAtEnd`.
 */
export function piecewiseRul(cycles: ArrayLike<number>, cap: number = DEFAULT_RUL_CAP, rulAtEnd = 0): Float64Array {
  if (cycles.length === 0) throw new MlError('ML_BAD_INPUT', 'no cycles');
  if (!(cap > 0)) throw new MlError('ML_BAD_INPUT', `RUL cap ${cap} is not > 0`);
  if (!(rulAtEnd >= 0) || !Number.isFinite(rulAtEnd)) throw new MlError('ML_BAD_INPUT', `RUL at end ${rulAtEnd} is not a finite value ≥ 0`);
  const last = cycles[cycles.length - 1]!;
  const out = new Float64Array(cycles.length);
  for (let i = 0; i < cycles.length; i++) {
    if (i > 0 && !(cycles[i]! > cycles[i - 1]!))
      throw new MlError('ML_BAD_INPUT', `cycle ${cycles[i]} does not follow ${cycles[i - 1]}`, { row: i });
    out[i] = Math.min(cap, last - cycles[i]! + rulAtEnd);
  }
  return out;
}
