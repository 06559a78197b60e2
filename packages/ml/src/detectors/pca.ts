import { MlError } from '../errors';
import { flipSigns, symmetricEigen } from '../linalg/eigen';
import { assertMatrix, type Matrix } from '../linalg/matrix';
import { applyScaler, columnMeans, covariance, fitStandardScaler, type ColumnScaler } from '../linalg/scaler';
import type { Detector, DetectorState } from './detector';
import { bad, expectState, readArray, readBoolean, readInt } from './state';

const MIN_VARIANCE_RATIO = 1e-12;

export interface PcaOptions {
  /** Components kept: an integer in [1, min(n, d)], or a fraction in (0, 1) of variance to exceed. Default: min(n, d). */
  readonly nComponents?: number;
  /** How many of the kept components (the last, least-variance ones) the score uses. Default: all kept. */
  readonly nSelectedComponents?: number;
  /** Divide each distance by its component's explained-variance ratio (PyOD `weighted`). Default true. */
  readonly weighted?: boolean;
  /** Standardize columns first (StandardScaler, PyOD `standardization`). Default true. */
  readonly standardization?: boolean;
  /**
   * What `score` returns: `pyod` (default) PyOD's decision_function; `t2-spe` Hotelling's T² over the kept components
   * plus SPE / λ_min (the residual off the kept subspace measured in the variance of the least kept component), a
   * Mahalanobis-like distance that sees a break of the correlations between columns as well as a level out of range.
   */
  readonly statistic?: PcaStatistic;
}

export type PcaStatistic = 'pyod' | 't2-spe';

interface PcaModel {
  readonly cols: number;
  readonly scaler: ColumnScaler | undefined;
  /** Mean of the (standardized) training rows, the PCA centre. */
  readonly mean: Float64Array;
  /** k×d row-major, in decreasing variance, signs as scikit-learn's svd_flip. */
  readonly components: Float64Array;
  readonly explainedVariance: Float64Array;
  readonly explainedVarianceRatio: Float64Array;
  readonly nSelected: number;
  readonly weighted: boolean;
  readonly statistic: PcaStatistic;
}

/**
 * PCA outlier detector as `pyod.models.pca.PCA` (PyOD 3.6.7 over scikit-learn 1.9 PCA, exact solvers): the score of
 * x (standardized) is Σ over the selected components v_j of ‖x − v_j‖ / w_j — PyOD's distance from the point to the
 * unit vector taken as a point, w_j the explained-variance ratio (1 when not weighted). Also exposes the classical
 * statistics over the kept components: Hotelling T² = Σ t_j²/λ_j and SPE/Q = ‖x − x̂‖², with t = Vᵀ(x − μ), x̂ = μ + V t.
 * T² and SPE do not depend on component signs; PyOD's score does, hence scikit-learn's sign convention (`flipSigns`).
 */
export class Pca implements Detector {
  readonly kind = 'pca';
  private model: PcaModel | undefined;

  constructor(private readonly options: PcaOptions = {}) {
    const { nComponents: k, nSelectedComponents: sel } = options;
    if (k !== undefined && !(Number.isFinite(k) && k > 0 && (k < 1 || Number.isInteger(k)))) {
      throw new MlError('ML_BAD_INPUT', `nComponents ${k} is neither an integer ≥ 1 nor a fraction in (0, 1)`);
    }
    if (sel !== undefined && !(Number.isInteger(sel) && sel >= 1))
      throw new MlError('ML_BAD_INPUT', `nSelectedComponents ${sel} is not an integer ≥ 1`);
    if (options.statistic !== undefined && options.statistic !== 'pyod' && options.statistic !== 't2-spe')
      throw new MlError('ML_BAD_INPUT', `unknown PCA statistic ${String(options.statistic)}`);
  }

  fit(X: Matrix): void {
    assertMatrix(X, 'X');
    if (X.rows < 2) throw new MlError('ML_BAD_INPUT', 'PCA needs at least 2 rows');
    const scaler = (this.options.standardization ?? true) ? fitStandardScaler(X) : undefined;
    const Z = scaler ? applyScaler(X, scaler) : X;
    const d = X.cols;
    const mean = columnMeans(Z);
    const { values, vectors } = symmetricEigen(covariance(Z, mean), d);
    for (let i = 0; i < d; i++) values[i] = Math.max(values[i]!, 0);
    const total = values.reduce((a, b) => a + b, 0);
    if (!(total > 0)) throw new MlError('ML_BAD_INPUT', 'X has no variance');
    const ratio = values.map((v) => v / total);
    const k = this.componentCount(ratio, Math.min(X.rows, d));
    const nSelected = this.options.nSelectedComponents ?? k;
    if (nSelected > k) throw new MlError('ML_BAD_INPUT', `nSelectedComponents ${nSelected} exceeds the ${k} kept components`);
    // A ratio below 1e-12 is rounding noise of a zero variance (collinear columns, rows ≤ columns): PyOD would divide
    // by it and T² would be meaningless, so refuse rather than return scores dominated by noise.
    if (!(ratio[k - 1]! > MIN_VARIANCE_RATIO)) {
      throw new MlError('ML_BAD_INPUT', `component ${k} explains no variance (collinear columns or rows ≤ columns); keep fewer components`);
    }
    const components = vectors.slice(0, k * d);
    flipSigns(components, k, d);
    this.model = {
      cols: d,
      scaler,
      mean,
      components,
      explainedVariance: values.slice(0, k),
      explainedVarianceRatio: ratio.slice(0, k),
      nSelected,
      weighted: this.options.weighted ?? true,
      statistic: this.options.statistic ?? 'pyod',
    };
  }

  /** PyOD's decision_function, or T² + SPE/λ_min (`statistic: 't2-spe'`). */
  score(X: Matrix): Float64Array {
    const m = this.fitted();
    if (m.statistic === 't2-spe') {
      const { t2, spe } = this.statistics(X);
      const minVariance = m.explainedVariance[m.explainedVariance.length - 1]!;
      return t2.map((t, i) => t + spe[i]! / minVariance);
    }
    const Z = this.prepare(X, m);
    const k = m.explainedVariance.length;
    const d = m.cols;
    const out = new Float64Array(Z.rows);
    for (let i = 0; i < Z.rows; i++) {
      let s = 0;
      for (let c = k - m.nSelected; c < k; c++) {
        let dist2 = 0;
        for (let j = 0; j < d; j++) dist2 += (Z.data[i * d + j]! - m.components[c * d + j]!) ** 2;
        s += Math.sqrt(dist2) / (m.weighted ? m.explainedVarianceRatio[c]! : 1);
      }
      out[i] = s;
    }
    return out;
  }

  /** Hotelling's T² of each row over the kept components. */
  hotellingT2(X: Matrix): Float64Array {
    return this.statistics(X).t2;
  }

  /** Squared prediction error (Q statistic) of each row: squared distance to the kept principal subspace. */
  spe(X: Matrix): Float64Array {
    return this.statistics(X).spe;
  }

  /** T² and SPE together (one projection). */
  statistics(X: Matrix): { t2: Float64Array; spe: Float64Array } {
    const m = this.fitted();
    const Z = this.prepare(X, m);
    const k = m.explainedVariance.length;
    const d = m.cols;
    const t2 = new Float64Array(Z.rows);
    const spe = new Float64Array(Z.rows);
    const residual = new Float64Array(d);
    for (let i = 0; i < Z.rows; i++) {
      for (let j = 0; j < d; j++) residual[j] = Z.data[i * d + j]! - m.mean[j]!;
      let sumT2 = 0;
      for (let c = 0; c < k; c++) {
        let t = 0;
        for (let j = 0; j < d; j++) t += (Z.data[i * d + j]! - m.mean[j]!) * m.components[c * d + j]!;
        sumT2 += (t * t) / m.explainedVariance[c]!;
        for (let j = 0; j < d; j++) residual[j]! -= t * m.components[c * d + j]!;
      }
      t2[i] = sumT2;
      spe[i] = residual.reduce((a, r) => a + r * r, 0);
    }
    return { t2, spe };
  }

  /** Kept components (rows, decreasing variance), their variances and variance ratios; for inspection and tests. */
  get fittedModel(): Readonly<{ components: Float64Array; explainedVariance: Float64Array; explainedVarianceRatio: Float64Array }> {
    const { components, explainedVariance, explainedVarianceRatio } = this.fitted();
    return { components, explainedVariance, explainedVarianceRatio };
  }

  serialize(): PcaState {
    const m = this.fitted();
    return {
      kind: 'pca',
      version: 1,
      cols: m.cols,
      nComponents: m.explainedVariance.length,
      nSelectedComponents: m.nSelected,
      weighted: m.weighted,
      ...(m.statistic === 'pyod' ? {} : { statistic: m.statistic }),
      scalerMean: m.scaler ? Array.from(m.scaler.mean) : null,
      scalerScale: m.scaler ? Array.from(m.scaler.scale) : null,
      mean: Array.from(m.mean),
      components: Array.from(m.components),
      explainedVariance: Array.from(m.explainedVariance),
      explainedVarianceRatio: Array.from(m.explainedVarianceRatio),
    };
  }

  static fromState(state: unknown): Pca {
    const s = expectState(state, 'pca', 1);
    const d = readInt(s, 'cols', 1);
    const k = readInt(s, 'nComponents', 1);
    const nSelected = readInt(s, 'nSelectedComponents', 1);
    if (k > d || nSelected > k) throw bad('pca component counts are inconsistent');
    const standardized = s['scalerMean'] !== null;
    const weighted = readBoolean(s, 'weighted');
    const statistic = s['statistic'] ?? 'pyod';
    if (statistic !== 'pyod' && statistic !== 't2-spe') throw bad('pca.statistic is not pyod or t2-spe');
    const detector = new Pca({ nComponents: k, nSelectedComponents: nSelected, weighted, standardization: standardized, statistic });
    const explainedVariance = readArray(s, 'explainedVariance', k);
    if (explainedVariance.some((v) => v <= 0)) throw bad('pca.explainedVariance has a value ≤ 0');
    detector.model = {
      cols: d,
      scaler: standardized ? { mean: readArray(s, 'scalerMean', d), scale: readArray(s, 'scalerScale', d) } : undefined,
      mean: readArray(s, 'mean', d),
      components: readArray(s, 'components', k * d),
      explainedVariance,
      explainedVarianceRatio: readArray(s, 'explainedVarianceRatio', k),
      nSelected,
      weighted,
      statistic,
    };
    return detector;
  }

  private componentCount(ratio: Float64Array, max: number): number {
    const k = this.options.nComponents ?? max;
    if (k >= 1) {
      if (k > max) throw new MlError('ML_BAD_INPUT', `nComponents ${k} exceeds min(rows, cols) = ${max}`);
      return k;
    }
    // scikit-learn: searchsorted(cumsum(ratio), k, side='right') + 1 — the fewest components explaining more than k.
    let cum = 0;
    let count = 0;
    while (count < ratio.length && cum + ratio[count]! <= k) cum += ratio[count++]!;
    return Math.min(count + 1, max);
  }

  private prepare(X: Matrix, m: PcaModel): Matrix {
    assertMatrix(X, 'X', m.cols);
    return m.scaler ? applyScaler(X, m.scaler) : X;
  }

  private fitted(): PcaModel {
    if (!this.model) throw new MlError('ML_NOT_FITTED', 'PCA is not fitted');
    return this.model;
  }
}

/** Serialized PCA: the scaler (null when not standardized), centre, kept components and their variances. */
export interface PcaState extends DetectorState {
  readonly kind: 'pca';
  readonly version: 1;
  readonly cols: number;
  readonly nComponents: number;
  readonly nSelectedComponents: number;
  readonly weighted: boolean;
  /** Absent for `pyod` (states written before the option read the same). */
  readonly statistic?: PcaStatistic;
  readonly scalerMean: number[] | null;
  readonly scalerScale: number[] | null;
  readonly mean: number[];
  readonly components: number[];
  readonly explainedVariance: number[];
  readonly explainedVarianceRatio: number[];
}
