import { MlError } from '../errors';
import { assertMatrix, type Matrix } from '../linalg/matrix';
import { checkRegime, finiteArray } from './checks';

/** Plain-JSON state of a `RegimeScaler`. */
export interface RegimeScalerState {
  readonly kind: 'rul-regime-scaler';
  readonly version: 1;
  readonly regimes: number;
  readonly columns: number;
  /** regimes × columns means and scales, row-major. */
  readonly mean: number[];
  readonly scale: number[];
}

/**
 * Per-regime standardisation: z = (x − μ_r) / σ_r with μ and σ (population) of each column over the training rows of
 * regime r, which removes the jumps between flight conditions and leaves the slow degradation. A column whose σ_r is
 * below 1e-9 × max(1, |μ_r|) (constant in that regime) gets σ_r = 1, so it maps to ≈ 0 instead of dividing by ~0.
 */
export class RegimeScaler {
  private constructor(
    readonly regimes: number,
    readonly columns: number,
    private readonly mean: Float64Array,
    private readonly scale: Float64Array,
  ) {}

  /** Fits on training rows and their regime ids. Fails with ML_BAD_INPUT when a regime has no row. */
  static fit(X: Matrix, regimeOf: Int32Array, regimes: number): RegimeScaler {
    assertMatrix(X, 'sensors');
    if (regimeOf.length !== X.rows) throw new MlError('ML_BAD_INPUT', `${regimeOf.length} regime ids for ${X.rows} rows`);
    const d = X.cols;
    const count = new Float64Array(regimes);
    const mean = new Float64Array(regimes * d);
    const scale = new Float64Array(regimes * d);
    for (let i = 0; i < X.rows; i++) {
      const r = checkRegime(regimeOf[i]!, regimes);
      count[r]!++;
      for (let j = 0; j < d; j++) mean[r * d + j]! += X.data[i * d + j]!;
    }
    count.forEach((c, r) => {
      if (c === 0) throw new MlError('ML_BAD_INPUT', `regime ${r} has no training row`, { regime: r });
    });
    for (let k = 0; k < mean.length; k++) mean[k]! /= count[Math.floor(k / d)]!;
    for (let i = 0; i < X.rows; i++) {
      const r = regimeOf[i]!;
      for (let j = 0; j < d; j++) scale[r * d + j]! += (X.data[i * d + j]! - mean[r * d + j]!) ** 2;
    }
    for (let k = 0; k < scale.length; k++) {
      const sigma = Math.sqrt(scale[k]! / count[Math.floor(k / d)]!);
      scale[k] = sigma > 1e-9 * Math.max(1, Math.abs(mean[k]!)) ? sigma : 1;
    }
    return new RegimeScaler(regimes, d, mean, scale);
  }

  /** Standardised copy of X, row i by the statistics of regime `regimeOf[i]`. */
  transform(X: Matrix, regimeOf: Int32Array): Matrix {
    assertMatrix(X, 'sensors', this.columns);
    if (regimeOf.length !== X.rows) throw new MlError('ML_BAD_INPUT', `${regimeOf.length} regime ids for ${X.rows} rows`);
    const d = this.columns;
    const data = new Float64Array(X.data.length);
    for (let i = 0; i < X.rows; i++) {
      const r = checkRegime(regimeOf[i]!, this.regimes);
      for (let j = 0; j < d; j++) data[i * d + j] = (X.data[i * d + j]! - this.mean[r * d + j]!) / this.scale[r * d + j]!;
    }
    return { rows: X.rows, cols: d, data };
  }

  serialize(): RegimeScalerState {
    const { regimes, columns } = this;
    return { kind: 'rul-regime-scaler', version: 1, regimes, columns, mean: Array.from(this.mean), scale: Array.from(this.scale) };
  }

  static fromState(state: RegimeScalerState): RegimeScaler {
    const size = state?.regimes * state?.columns;
    const ok =
      state?.kind === 'rul-regime-scaler' &&
      state.version === 1 &&
      Number.isInteger(state.regimes) &&
      state.regimes >= 1 &&
      Number.isInteger(state.columns) &&
      state.columns >= 0 &&
      finiteArray(state.mean) &&
      finiteArray(state.scale) &&
      state.mean.length === size &&
      state.scale.length === size &&
      state.scale.every((s) => s > 0);
    if (!ok) throw new MlError('ML_BAD_STATE', 'not a version 1 rul-regime-scaler state');
    return new RegimeScaler(state.regimes, state.columns, Float64Array.from(state.mean), Float64Array.from(state.scale));
  }
}
