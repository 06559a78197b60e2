import { MlError } from '../errors';
import type { GammaOption } from './gamma';
import { KERNEL_NAMES, type KernelName } from './kernel';

/**
 * The hyper-parameters of the one-class SVM, named and defaulted as scikit-learn's `OneClassSVM`
 * (kernel 'rbf', gamma 'scale', degree 3, coef0 0, nu 0.5, tol 1e-3, shrinking true, cache_size 200 MB, no max_iter).
 */
export interface OcsvmOptions {
  kernel?: KernelName;
  /** 'scale' = 1 / (d · X.var()), 'auto' = 1 / d, or a number ≥ 0. Ignored by the linear kernel. */
  gamma?: GammaOption;
  /** Degree of the poly kernel (integer ≥ 0). */
  degree?: number;
  /** Independent term of the poly and sigmoid kernels. */
  coef0?: number;
  /** Upper bound on the fraction of training errors and lower bound on the fraction of support vectors, in (0, 1]. */
  nu?: number;
  /** Stopping tolerance on the KKT gap (libsvm's eps). */
  tol?: number;
  shrinking?: boolean;
  /** Kernel-row cache in MB (rows are 4·n bytes; every row is cached while n² · 4 B fits). */
  cacheMb?: number;
  /** Iteration cap; Infinity (the default) runs until the KKT gap is below tol. */
  maxIter?: number;
}

export type ResolvedOcsvmOptions = Required<OcsvmOptions>;

export const OCSVM_DEFAULTS: ResolvedOcsvmOptions = {
  kernel: 'rbf',
  gamma: 'scale',
  degree: 3,
  coef0: 0,
  nu: 0.5,
  tol: 1e-3,
  shrinking: true,
  cacheMb: 200,
  maxIter: Infinity,
};

/** Applies the defaults and checks every option; fails with ML_BAD_INPUT naming the first bad one. */
export function resolveOcsvmOptions(options: OcsvmOptions = {}): ResolvedOcsvmOptions {
  const o: ResolvedOcsvmOptions = { ...OCSVM_DEFAULTS, ...stripUndefined(options) };
  const bad = (option: string, rule: string): never => {
    throw new MlError('ML_BAD_INPUT', `ocsvm option ${option} = ${String(o[option as keyof ResolvedOcsvmOptions])} must be ${rule}`, {
      option,
    });
  };
  if (!KERNEL_NAMES.includes(o.kernel)) bad('kernel', KERNEL_NAMES.join(' | '));
  if (o.gamma !== 'scale' && o.gamma !== 'auto' && !(typeof o.gamma === 'number' && Number.isFinite(o.gamma) && o.gamma >= 0)) {
    bad('gamma', "'scale', 'auto' or a finite number ≥ 0");
  }
  if (!Number.isInteger(o.degree) || o.degree < 0) bad('degree', 'an integer ≥ 0');
  if (!Number.isFinite(o.coef0)) bad('coef0', 'finite');
  if (!(o.nu > 0 && o.nu <= 1)) bad('nu', 'in (0, 1]');
  if (!(o.tol > 0 && Number.isFinite(o.tol))) bad('tol', 'a finite number > 0');
  if (typeof o.shrinking !== 'boolean') bad('shrinking', 'a boolean');
  if (!(o.cacheMb > 0 && Number.isFinite(o.cacheMb))) bad('cacheMb', 'a finite number > 0');
  if (!(o.maxIter === Infinity || (Number.isInteger(o.maxIter) && o.maxIter > 0))) bad('maxIter', 'an integer > 0 or Infinity');
  return o;
}

function stripUndefined(options: OcsvmOptions): OcsvmOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as OcsvmOptions;
}
