import { FilterError, type FilterErrorCode } from './errors';

/** Throws FILTER_INPUT_INVALID naming the first sample that is NaN or ±Infinity. */
export function requireFinite(x: ArrayLike<number>, argument: string, code: FilterErrorCode = 'FILTER_INPUT_INVALID'): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new FilterError(code, { argument: `${argument}[${i}]`, reason: `${x[i]} is not finite` });
  }
}

export function requireIntegerIn(value: number, min: number, max: number, argument: string, code: FilterErrorCode): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new FilterError(code, { argument, reason: `${value} is not an integer in ${min}..${max}` });
  }
}
