import { MlError } from '../errors';
import type { Matrix } from '../linalg/matrix';

/**
 * Causal moving average: out[i] = mean of values[max(0, i − w + 1) … i]. Uses only past and present points, so an
 * online detector can compute it; a step in the input reaches half its height after ⌈w/2⌉ points (the delay it adds).
 */
export function causalMovingAverage(values: ArrayLike<number>, window: number): Float64Array {
  checkWindow(window);
  const out = new Float64Array(values.length);
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += values[i]!;
    if (i >= window) acc -= values[i - window]!;
    out[i] = acc / Math.min(i + 1, window);
  }
  return out;
}

/**
 * Causal exponentially weighted average with span `window`: α = 2/(window + 1), out[0] = values[0],
 * out[i] = α·values[i] + (1 − α)·out[i − 1] (pandas' `ewm(span, adjust=False)`). For white noise its variance is
 * α/(2 − α) = 1/window of the input's, as the moving average of the same window, but a step reaches half its height
 * after ⌈ln 2 / −ln(1 − α)⌉ points (4 for window 10, against 5): recent points weigh more. `window` 1 copies the input.
 */
export function causalEwma(values: ArrayLike<number>, window: number): Float64Array {
  checkWindow(window);
  const alpha = 2 / (window + 1);
  const out = new Float64Array(values.length);
  let acc = values.length > 0 ? values[0]! : 0;
  for (let i = 0; i < values.length; i++) {
    acc += alpha * (values[i]! - acc);
    out[i] = acc;
  }
  return out;
}

/** `causalMovingAverage` of every column of a row-major matrix (rows are time steps). */
export function causalMovingAverageColumns(X: Matrix, window: number): Matrix {
  checkWindow(window);
  const { rows, cols } = X;
  const data = new Float64Array(X.data.length);
  const acc = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      acc[j]! += X.data[i * cols + j]!;
      if (i >= window) acc[j]! -= X.data[(i - window) * cols + j]!;
      data[i * cols + j] = acc[j]! / Math.min(i + 1, window);
    }
  }
  return { rows, cols, data };
}

function checkWindow(window: number): void {
  if (!(Number.isInteger(window) && window >= 1)) throw new MlError('ML_BAD_INPUT', `window ${window} is not an integer ≥ 1`);
}
