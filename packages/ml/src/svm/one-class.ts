import { trainingKernel, type KernelParams } from './kernel';
import { OneClassQ } from './q-matrix';
import { solveSmo, type SmoResult } from './smo';

/**
 * ν-one-class SVM training as libsvm's `solve_one_class` (the solver behind scikit-learn's OneClassSVM):
 * with unit sample weights, αᵢ starts at 1 for the first ⌊ν·l⌋ samples and at the fractional remainder for the next,
 * where ν·l is accumulated term by term as libsvm does (so its rounding matches too). Decision value of x:
 * Σ αᵢ K(xᵢ, x) − ρ over the support vectors (αᵢ > 0).
 */
export interface OneClassTrainOptions {
  nu: number;
  eps: number;
  shrinking: boolean;
  maxIter: number;
  cacheBytes: number;
}

export interface OneClassSolution extends SmoResult {
  /** Indices of the training rows with αᵢ > 0, ascending. */
  supportIndices: Int32Array;
  /** Kernel rows computed during training (l when every row fits the cache and is needed). */
  kernelRows: number;
}

export function initialAlpha(l: number, nu: number): Float64Array {
  const alpha = new Float64Array(l);
  let nuL = 0;
  for (let i = 0; i < l; i++) nuL += 1 * nu;
  for (let i = 0; nuL > 0 && i < l; i++) {
    alpha[i] = Math.min(1, nuL);
    nuL -= alpha[i]!;
  }
  return alpha;
}

export function trainOneClass(data: Float64Array, l: number, d: number, kernel: KernelParams, o: OneClassTrainOptions): OneClassSolution {
  const Q = new OneClassQ(l, trainingKernel(data, d, kernel), o.cacheBytes);
  const result = solveSmo(Q, initialAlpha(l, o.nu), { eps: o.eps, shrinking: o.shrinking, maxIter: o.maxIter });
  const support: number[] = [];
  for (let i = 0; i < l; i++) if (Math.abs(result.alpha[i]!) > 0) support.push(i);
  return { ...result, supportIndices: Int32Array.from(support), kernelRows: Q.rowsComputed };
}
