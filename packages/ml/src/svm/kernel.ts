/**
 * The four libsvm kernels, evaluated exactly as libsvm's svm.cpp does so that the solver walks the same path as
 * scikit-learn's `OneClassSVM`:
 *  - during training (`Kernel::kernel_*`), RBF uses ‖x‖² + ‖y‖² − 2·x·y with precomputed squared norms;
 *  - at prediction (`Kernel::k_function`), RBF sums the squared differences directly.
 * Rows are flat row-major Float64Arrays addressed by offset, so nothing is allocated per evaluation.
 */
export type KernelName = 'rbf' | 'linear' | 'poly' | 'sigmoid';

export const KERNEL_NAMES: readonly KernelName[] = ['rbf', 'linear', 'poly', 'sigmoid'];

/** A kernel with its gamma already resolved to a number (libsvm's `svm_parameter`). */
export interface KernelParams {
  kernel: KernelName;
  gamma: number;
  degree: number;
  coef0: number;
}

/** x·y over `d` values starting at offsets `xo` and `yo`, summed left to right. */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, d: number): number {
  let sum = 0;
  for (let k = 0; k < d; k++) sum += x[xo + k]! * y[yo + k]!;
  return sum;
}

/** base^times by binary exponentiation, libsvm's `powi` (not Math.pow, whose rounding differs). */
export function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1.0;
  for (let t = times; t > 0; t = Math.trunc(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp = tmp * tmp;
  }
  return ret;
}

/** K(x_i, x_j) between two rows of the training matrix, as libsvm's `Kernel::kernel_function`. */
export type TrainingKernel = (i: number, j: number) => number;

export function trainingKernel(data: Float64Array, d: number, p: KernelParams): TrainingKernel {
  const { gamma, degree, coef0 } = p;
  switch (p.kernel) {
    case 'linear':
      return (i, j) => dot(data, i * d, data, j * d, d);
    case 'poly':
      return (i, j) => powi(gamma * dot(data, i * d, data, j * d, d) + coef0, degree);
    case 'sigmoid':
      return (i, j) => Math.tanh(gamma * dot(data, i * d, data, j * d, d) + coef0);
    case 'rbf': {
      const l = data.length / d;
      const sq = new Float64Array(l);
      for (let i = 0; i < l; i++) sq[i] = dot(data, i * d, data, i * d, d);
      return (i, j) => Math.exp(-gamma * (sq[i]! + sq[j]! - 2 * dot(data, i * d, data, j * d, d)));
    }
  }
}

/** K(x, y) for a new row x against a support vector y, as libsvm's `Kernel::k_function`. */
export function kernelValue(p: KernelParams, x: Float64Array, xo: number, y: Float64Array, yo: number, d: number): number {
  switch (p.kernel) {
    case 'linear':
      return dot(x, xo, y, yo, d);
    case 'poly':
      return powi(p.gamma * dot(x, xo, y, yo, d) + p.coef0, p.degree);
    case 'sigmoid':
      return Math.tanh(p.gamma * dot(x, xo, y, yo, d) + p.coef0);
    case 'rbf': {
      let sum = 0;
      for (let k = 0; k < d; k++) {
        const diff = x[xo + k]! - y[yo + k]!;
        sum += diff * diff;
      }
      return Math.exp(-p.gamma * sum);
    }
  }
}
