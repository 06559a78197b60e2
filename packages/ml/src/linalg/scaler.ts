import type { Matrix } from './matrix';

/** Per-column centre and scale: z = (x − mean) / scale. */
export interface ColumnScaler {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/** Column means (two-pass friendly: plain sums, then divided by the row count). */
export function columnMeans(X: Matrix): Float64Array {
  const mean = new Float64Array(X.cols);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) mean[j]! += X.data[i * X.cols + j]!;
  for (let j = 0; j < X.cols; j++) mean[j]! /= X.rows;
  return mean;
}

/**
 * scikit-learn's StandardScaler: mean and population standard deviation (ddof 0) per column; a column whose variance
 * is within the rounding bound of a constant (`_is_constant_feature`: var ≤ n·ε·var + (n·mean·ε)²) gets scale 1.
 */
export function fitStandardScaler(X: Matrix): ColumnScaler {
  const mean = columnMeans(X);
  const scale = new Float64Array(X.cols);
  for (let j = 0; j < X.cols; j++) {
    let ss = 0;
    for (let i = 0; i < X.rows; i++) ss += (X.data[i * X.cols + j]! - mean[j]!) ** 2;
    const v = ss / X.rows;
    const bound = X.rows * Number.EPSILON * v + (X.rows * mean[j]! * Number.EPSILON) ** 2;
    scale[j] = v <= bound ? 1 : Math.sqrt(v);
  }
  return { mean, scale };
}

/** Applies a scaler to a copy of X. */
export function applyScaler(X: Matrix, s: ColumnScaler): Matrix {
  const data = new Float64Array(X.data.length);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.cols; j++) data[i * X.cols + j] = (X.data[i * X.cols + j]! - s.mean[j]!) / s.scale[j]!;
  }
  return { rows: X.rows, cols: X.cols, data };
}

/** Sample covariance ((n−1) denominator) of the columns of X around `mean`, as a d×d row-major matrix. */
export function covariance(X: Matrix, mean: Float64Array): Float64Array {
  const d = X.cols;
  const c = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < d; j++) centred[j] = X.data[i * d + j]! - mean[j]!;
    for (let p = 0; p < d; p++) {
      const cp = centred[p]!;
      for (let q = p; q < d; q++) c[p * d + q]! += cp * centred[q]!;
    }
  }
  for (let p = 0; p < d; p++) {
    for (let q = p; q < d; q++) {
      const v = c[p * d + q]! / (X.rows - 1);
      c[p * d + q] = v;
      c[q * d + p] = v;
    }
  }
  return c;
}
