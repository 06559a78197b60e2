import type { DetectorState } from '../detectors/detector';
import { bad, expectState, readArray, readInt, readNumber } from '../detectors/state';
import type { KernelParams } from './kernel';
import { resolveOcsvmOptions, type OcsvmOptions, type ResolvedOcsvmOptions } from './options';

/** What a fitted OneClassSvm keeps: the support vectors (row-major, nSV×cols), their αᵢ and ρ. */
export interface OcsvmFit {
  cols: number;
  params: KernelParams;
  /** ρ, scikit-learn's `offset_`: decision = Σ αᵢ K(xᵢ, x) − ρ. */
  rho: number;
  /** αᵢ of the support vectors (scikit-learn's `dual_coef_`), each in (0, 1]. */
  dualCoef: Float64Array;
  supportVectors: Float64Array;
  /** Rows of the training matrix that are support vectors, ascending (scikit-learn's `support_`). */
  supportIndices: Int32Array;
  nIter: number;
}

/** Serialized OneClassSvm (version 1): the options as given (maxIter null = unbounded) and the fitted solution. */
export interface OcsvmState extends DetectorState {
  readonly kind: 'ocsvm';
  readonly version: 1;
  readonly options: Omit<ResolvedOcsvmOptions, 'maxIter'> & { maxIter: number | null };
  readonly cols: number;
  /** The resolved gamma (after 'scale' / 'auto'). */
  readonly gamma: number;
  readonly rho: number;
  readonly dualCoef: number[];
  readonly supportVectors: number[];
  readonly supportIndices: number[];
  readonly nIter: number;
}

export function ocsvmState(options: ResolvedOcsvmOptions, fit: OcsvmFit): OcsvmState {
  return {
    kind: 'ocsvm',
    version: 1,
    options: { ...options, maxIter: options.maxIter === Infinity ? null : options.maxIter },
    cols: fit.cols,
    gamma: fit.params.gamma,
    rho: fit.rho,
    dualCoef: Array.from(fit.dualCoef),
    supportVectors: Array.from(fit.supportVectors),
    supportIndices: Array.from(fit.supportIndices),
    nIter: fit.nIter,
  };
}

/** Reads `ocsvmState`'s output back; any missing, malformed or inconsistent field fails with ML_BAD_STATE. */
export function parseOcsvmState(state: unknown): { options: ResolvedOcsvmOptions; fit: OcsvmFit } {
  const s = expectState(state, 'ocsvm', 1);
  const raw = s.options;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('ocsvm.options is not an object');
  let options: ResolvedOcsvmOptions;
  try {
    const given = raw as Record<string, unknown>;
    options = resolveOcsvmOptions({ ...given, maxIter: given.maxIter === null ? Infinity : given.maxIter } as OcsvmOptions);
  } catch (err) {
    throw bad(`ocsvm.options: ${(err as Error).message}`);
  }
  const cols = readInt(s, 'cols', 1);
  const gamma = readNumber(s, 'gamma');
  if (gamma < 0) throw bad('ocsvm.gamma is negative');
  const dualCoef = readArray(s, 'dualCoef');
  if (dualCoef.length < 1) throw bad('ocsvm.dualCoef is empty');
  const supportIndices = readArray(s, 'supportIndices', dualCoef.length);
  if (!supportIndices.every((i) => Number.isInteger(i) && i >= 0)) throw bad('ocsvm.supportIndices are not integers ≥ 0');
  return {
    options,
    fit: {
      cols,
      params: { kernel: options.kernel, gamma, degree: options.degree, coef0: options.coef0 },
      rho: readNumber(s, 'rho'),
      dualCoef,
      supportVectors: readArray(s, 'supportVectors', dualCoef.length * cols),
      supportIndices: Int32Array.from(supportIndices),
      nIter: readInt(s, 'nIter', 0),
    },
  };
}
