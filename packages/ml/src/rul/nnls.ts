import { MlError } from '../errors';
import { assertMatrix, type Matrix } from '../linalg/matrix';

/** Options of `nonNegativeLeastSquares`. */
export interface NnlsOptions {
  /** Most coordinate-descent sweeps. Default 10,000. */
  readonly maxSweeps?: number;
  /** Stop when no weight moves by more than this in a sweep. Default 1e-12 (relative to the largest weight, at least 1). */
  readonly tolerance?: number;
}

/**
 * Non-negative least squares: the w ≥ 0 minimising ‖Xw − y‖², no intercept. Made for stacking: the columns of `X` are
 * the out-of-fold predictions of a few models and w their ensemble weights (Breiman 1996, "Stacked regressions": the
 * non-negativity, not a sum-to-one constraint, is what keeps the stack from over-fitting). Cyclic coordinate descent
 * on the Gram matrix XᵀX (k × k, k the number of models), each step the exact minimiser in one weight clipped at 0:
 * the problem is convex, so it converges to the optimum; with k of a few models a sweep is O(k²). A column of zeros
 * gets weight 0. Fails with ML_BAD_INPUT on a bad matrix, a length mismatch or a non-finite value.
 */
export function nonNegativeLeastSquares(X: Matrix, y: ArrayLike<number>, options: NnlsOptions = {}): Float64Array {
  assertMatrix(X, 'X');
  const { rows: n, cols: k, data } = X;
  if (y.length !== n) throw new MlError('ML_BAD_INPUT', `${y.length} targets for ${n} rows`);
  if (n === 0 || k === 0) throw new MlError('ML_BAD_INPUT', `X is ${n} × ${k}: needs at least one row and one column`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) throw new MlError('ML_BAD_INPUT', `target ${i} is not finite`, { row: i });
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i]!)) throw new MlError('ML_BAD_INPUT', `X has a non-finite value at ${i}`);
  const { maxSweeps = 10_000, tolerance = 1e-12 } = options;
  const gram = new Float64Array(k * k);
  const xty = new Float64Array(k);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < k; a++) {
      const xa = data[i * k + a]!;
      xty[a] = xty[a]! + xa * y[i]!;
      for (let b = a; b < k; b++) gram[a * k + b] = gram[a * k + b]! + xa * data[i * k + b]!;
    }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) gram[a * k + b] = gram[b * k + a]!;
  const w = new Float64Array(k);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let moved = 0;
    for (let a = 0; a < k; a++) {
      const g = gram[a * k + a]!;
      if (g === 0) continue;
      let r = xty[a]!;
      for (let b = 0; b < k; b++) if (b !== a) r -= gram[a * k + b]! * w[b]!;
      const next = Math.max(0, r / g);
      moved = Math.max(moved, Math.abs(next - w[a]!));
      w[a] = next;
    }
    if (moved <= tolerance * Math.max(1, ...w)) break;
  }
  return w;
}
