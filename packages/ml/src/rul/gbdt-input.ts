/** Input checks of `GradientBoostedTrees`: like `assertMatrix`, except that NaN is allowed (it means "missing"). */
import { MlError } from '../errors';
import type { Matrix } from '../linalg/matrix';

/** A non-empty, well-formed matrix (`cols` wide when given) whose values are finite or NaN; ±Infinity is refused. */
export function assertFeatures(X: Matrix, what: string, cols?: number): void {
  if (!Number.isInteger(X?.rows) || !Number.isInteger(X.cols) || !(X.data instanceof Float64Array)) {
    throw new MlError('ML_BAD_INPUT', `${what} is not a Matrix { rows, cols, data: Float64Array }`);
  }
  if (X.rows < 1 || X.cols < 1) throw new MlError('ML_BAD_INPUT', `${what} is empty (${X.rows}×${X.cols})`);
  if (X.data.length !== X.rows * X.cols) throw new MlError('ML_BAD_INPUT', `${what} has ${X.data.length} values for ${X.rows}×${X.cols}`);
  if (cols !== undefined && X.cols !== cols) {
    throw new MlError('ML_BAD_INPUT', `${what} has ${X.cols} columns, the model was fitted on ${cols}`, { expected: cols, actual: X.cols });
  }
  for (let k = 0; k < X.data.length; k++) {
    const v = X.data[k]!;
    if (v === Infinity || v === -Infinity) {
      const r = Math.floor(k / X.cols);
      throw new MlError('ML_BAD_INPUT', `${what}[${r}][${k - r * X.cols}] is ${v} (use NaN for a missing value)`, {
        row: r,
        col: k - r * X.cols,
      });
    }
  }
}

/** Targets: a Float64Array of `rows` finite values. */
export function assertTargets(y: Float64Array, what: string, rows: number): void {
  if (!(y instanceof Float64Array)) throw new MlError('ML_BAD_INPUT', `${what} is not a Float64Array`);
  if (y.length !== rows)
    throw new MlError('ML_BAD_INPUT', `${what} has ${y.length} values for ${rows} rows`, { expected: rows, actual: y.length });
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]!)) throw new MlError('ML_BAD_INPUT', `${what}[${i}] is ${y[i]}`, { row: i });
  }
}
