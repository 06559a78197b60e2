import { MlError } from '../errors';

/** A JSON array of finite numbers (state validation). */
export function finiteArray(a: unknown): a is number[] {
  return Array.isArray(a) && a.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** A regime id in 0 … regimes − 1, or ML_BAD_INPUT. */
export function checkRegime(r: number, regimes: number): number {
  if (!Number.isInteger(r) || r < 0 || r >= regimes) throw new MlError('ML_BAD_INPUT', `regime id ${r} is outside 0…${regimes - 1}`);
  return r;
}
