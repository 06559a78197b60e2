import { MlError } from '../errors';
import { assertMatrix, type Matrix } from '../linalg/matrix';
import { resolveGamma } from '../svm/gamma';
import { kernelValue, type KernelParams } from '../svm/kernel';
import { trainOneClass } from '../svm/one-class';
import { resolveOcsvmOptions, type OcsvmOptions, type ResolvedOcsvmOptions } from '../svm/options';
import { ocsvmState, parseOcsvmState, type OcsvmFit, type OcsvmState } from '../svm/state';
import type { Detector } from './detector';

export type { GammaOption } from '../svm/gamma';
export type { KernelName } from '../svm/kernel';
export type { OcsvmOptions, ResolvedOcsvmOptions } from '../svm/options';
export type { OcsvmFit, OcsvmState } from '../svm/state';

/**
 * ν-One-Class SVM (Schölkopf et al. 2001) trained with libsvm's ONE_CLASS solver, so `decisionFunction` equals
 * scikit-learn's `OneClassSVM.decision_function` (Σ αᵢ K(xᵢ, x) − ρ; negative = outside the learned support) and
 * `score` is its negation (higher = more anomalous), as PyOD's OCSVM. Deterministic: no randomness is involved.
 */
export class OneClassSvm implements Detector {
  readonly kind = 'ocsvm';
  readonly options: ResolvedOcsvmOptions;
  private model: OcsvmFit | undefined;

  constructor(options: OcsvmOptions = {}) {
    this.options = resolveOcsvmOptions(options);
  }

  /** Solves the dual on X (n×d): O(n²) kernel evaluations; rows cached up to cacheMb (all of them for n ≲ 7,200 at 200 MB). */
  fit(X: Matrix): void {
    assertMatrix(X, 'X');
    const o = this.options;
    const params: KernelParams = { kernel: o.kernel, gamma: resolveGamma(o.gamma, X.data, X.cols), degree: o.degree, coef0: o.coef0 };
    const sol = trainOneClass(X.data, X.rows, X.cols, params, {
      nu: o.nu,
      eps: o.tol,
      shrinking: o.shrinking,
      maxIter: o.maxIter,
      cacheBytes: o.cacheMb * (1 << 20),
    });
    const nSv = sol.supportIndices.length;
    const supportVectors = new Float64Array(nSv * X.cols);
    const dualCoef = new Float64Array(nSv);
    sol.supportIndices.forEach((row, k) => {
      supportVectors.set(X.data.subarray(row * X.cols, (row + 1) * X.cols), k * X.cols);
      dualCoef[k] = sol.alpha[row]!;
    });
    this.model = { cols: X.cols, params, rho: sol.rho, dualCoef, supportVectors, supportIndices: sol.supportIndices, nIter: sol.nIter };
  }

  /** scikit-learn's sign: positive inside the learned support, negative outside. */
  decisionFunction(X: Matrix): Float64Array {
    const m = this.fitted();
    assertMatrix(X, 'X', m.cols);
    const d = m.cols;
    const out = new Float64Array(X.rows);
    for (let r = 0; r < X.rows; r++) {
      let sum = 0;
      for (let k = 0; k < m.dualCoef.length; k++) sum += m.dualCoef[k]! * kernelValue(m.params, X.data, r * d, m.supportVectors, k * d, d);
      out[r] = sum - m.rho;
    }
    return out;
  }

  /** −decisionFunction: higher = more anomalous (PyOD's convention). */
  score(X: Matrix): Float64Array {
    const dec = this.decisionFunction(X);
    for (let i = 0; i < dec.length; i++) dec[i] = -dec[i]!;
    return dec;
  }

  /** The fitted solution (ρ = scikit-learn's offset_, dual coefficients, support indices, iterations). */
  get fitResult(): Readonly<OcsvmFit> {
    return this.fitted();
  }

  serialize(): OcsvmState {
    return ocsvmState(this.options, this.fitted());
  }

  /** Rebuilds a fitted detector from `serialize()`'s output; fails with ML_BAD_STATE on anything else. */
  static fromState(state: unknown): OneClassSvm {
    const { options, fit } = parseOcsvmState(state);
    const detector = new OneClassSvm(options);
    detector.model = fit;
    return detector;
  }

  private fitted(): OcsvmFit {
    if (!this.model) throw new MlError('ML_NOT_FITTED', 'OneClassSvm.fit has not been called');
    return this.model;
  }
}
