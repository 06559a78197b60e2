import { MlError } from '../errors';
import { assertMatrix, type Matrix } from '../linalg/matrix';
import { applyScaler, fitStandardScaler, type ColumnScaler } from '../linalg/scaler';
import type { Detector, DetectorState } from './detector';
import { bad, expectState, readArray, readInt, readNumber } from './state';

/**
 * The similarity operator ⊗: `gaussian` exp(−‖x − y‖² / 2h²); `ratio` 1 − ‖x − y‖ / (‖x‖ + ‖y‖), the operator of
 * SKAB's MSET (core/MSET.py, 1 when x = y).
 */
export type MsetKernel = 'gaussian' | 'ratio';

export interface MsetOptions {
  /** Rows kept in the memory matrix D (all rows when the training set is smaller). Default 256. */
  readonly memorySize?: number;
  /** Default 'gaussian'. */
  readonly kernel?: MsetKernel;
  /** Gaussian bandwidth h in standardized units; default: the median distance between memory rows. */
  readonly bandwidth?: number;
  /** Ridge added to the diagonal of D⊗D (whose diagonal is 1), so the solve stays defined for near-duplicate states. Default 1e-3. */
  readonly ridge?: number;
}

/**
 * Multivariate State Estimation Technique (Gross, Singer et al., "Application of a model-based fault detection system
 * to nuclear plant signals", ISAP 1997; Singer, Gross, Herzog et al. 1996), the variant SKAB's leaderboard runs
 * (waico/SKAB core/MSET.py) with two changes for robustness: a bounded memory chosen by vector ordering instead of
 * every training row, and a ridge on the solve. Columns are standardized on the training rows (population σ). Memory
 * D (m × d): for each column the rows holding its minimum and maximum, then rows at evenly spaced ranks of ‖z‖ until
 * m rows. Estimate ẑ = Dᵀ w with (D⊗Dᵀ + λI) w = D⊗z, as x̂ = D·(Dᵀ⊗D)⁻¹·(Dᵀ⊗x) in the column convention.
 * `score` = ‖z − ẑ‖ (residual norm in σ units); `residuals` gives its columns, `contributions` their squared shares.
 */
export class Mset implements Detector {
  readonly kind = 'mset';
  private model: MsetModel | undefined;

  constructor(private readonly options: MsetOptions = {}) {
    const { memorySize, bandwidth, ridge, kernel } = options;
    if (memorySize !== undefined && !(Number.isInteger(memorySize) && memorySize >= 2))
      throw new MlError('ML_BAD_INPUT', `memorySize ${memorySize} is not an integer ≥ 2`);
    if (bandwidth !== undefined && !(Number.isFinite(bandwidth) && bandwidth > 0))
      throw new MlError('ML_BAD_INPUT', `bandwidth ${bandwidth} is not a positive number`);
    if (ridge !== undefined && !(Number.isFinite(ridge) && ridge >= 0)) throw new MlError('ML_BAD_INPUT', `ridge ${ridge} is not ≥ 0`);
    if (kernel !== undefined && kernel !== 'gaussian' && kernel !== 'ratio')
      throw new MlError('ML_BAD_INPUT', `unknown kernel ${String(kernel)}`);
  }

  fit(X: Matrix): void {
    assertMatrix(X, 'X');
    if (X.rows < 2) throw new MlError('ML_BAD_INPUT', 'MSET needs at least 2 rows');
    const scaler = fitStandardScaler(X);
    const memory = selectMemory(applyScaler(X, scaler), this.options.memorySize ?? 256);
    const kernel = this.options.kernel ?? 'gaussian';
    const bandwidth = kernel === 'gaussian' ? (this.options.bandwidth ?? medianDistance(memory, X.cols)) : 0;
    this.model = buildModel(scaler, memory, kernel, bandwidth, this.options.ridge ?? 1e-3);
  }

  score(X: Matrix): Float64Array {
    const R = this.residuals(X);
    const out = new Float64Array(R.rows);
    for (let i = 0; i < R.rows; i++) {
      let s = 0;
      for (let j = 0; j < R.cols; j++) s += R.data[i * R.cols + j]! ** 2;
      out[i] = Math.sqrt(s);
    }
    return out;
  }

  /** z − ẑ per row and column, in training-σ units. */
  residuals(X: Matrix): Matrix {
    const m = this.fitted();
    assertMatrix(X, 'X', m.cols);
    const Z = applyScaler(X, m.scaler);
    const d = m.cols;
    const k = new Float64Array(m.size);
    for (let i = 0; i < Z.rows; i++) {
      const z = Z.data.subarray(i * d, (i + 1) * d);
      for (let a = 0; a < m.size; a++) k[a] = similarity(m, m.memory.subarray(a * d, (a + 1) * d), z);
      luSolve(m.lu, m.pivots, k);
      for (let j = 0; j < d; j++) {
        let est = 0;
        for (let a = 0; a < m.size; a++) est += k[a]! * m.memory[a * d + j]!;
        Z.data[i * d + j] = z[j]! - est;
      }
    }
    return Z;
  }

  /** Each column's share of the squared residual (rows sum to 1; a zero residual row is all 0). */
  contributions(X: Matrix): Matrix {
    const R = this.residuals(X);
    for (let i = 0; i < R.rows; i++) {
      const row = R.data.subarray(i * R.cols, (i + 1) * R.cols);
      const total = row.reduce((a, r) => a + r * r, 0);
      for (let j = 0; j < R.cols; j++) row[j] = total > 0 ? row[j]! ** 2 / total : 0;
    }
    return R;
  }

  serialize(): MsetState {
    const m = this.fitted();
    return {
      kind: 'mset',
      version: 1,
      cols: m.cols,
      kernel: m.kernel,
      bandwidth: m.bandwidth,
      ridge: m.ridge,
      mean: Array.from(m.scaler.mean),
      scale: Array.from(m.scaler.scale),
      memory: Array.from(m.memory),
    };
  }

  /** Rebuilds D⊗D and its factors from the stored memory: deterministic, so scores are bit-identical. */
  static fromState(state: unknown): Mset {
    const s = expectState(state, 'mset', 1);
    const cols = readInt(s, 'cols', 1);
    if (s.kernel !== 'gaussian' && s.kernel !== 'ratio') throw bad('mset.kernel is not gaussian or ratio');
    const bandwidth = readNumber(s, 'bandwidth');
    const ridge = readNumber(s, 'ridge');
    if (ridge < 0 || (s.kernel === 'gaussian' && !(bandwidth > 0))) throw bad('mset.ridge or mset.bandwidth out of range');
    const scaler = { mean: readArray(s, 'mean', cols), scale: readArray(s, 'scale', cols) };
    const memory = readArray(s, 'memory');
    if (memory.length === 0 || memory.length % cols !== 0) throw bad(`mset.memory is not a whole number of ${cols}-wide rows`);
    const det = new Mset();
    det.model = buildModel(scaler, memory, s.kernel, bandwidth, ridge);
    return det;
  }

  private fitted(): MsetModel {
    if (!this.model) throw new MlError('ML_NOT_FITTED', 'MSET is not fitted');
    return this.model;
  }
}

export interface MsetState extends DetectorState {
  readonly kind: 'mset';
  readonly version: 1;
  readonly cols: number;
  readonly kernel: MsetKernel;
  readonly bandwidth: number;
  readonly ridge: number;
  readonly mean: number[];
  readonly scale: number[];
  /** Memory rows (standardized), row-major. */
  readonly memory: number[];
}

interface MsetModel {
  readonly cols: number;
  readonly size: number;
  readonly scaler: ColumnScaler;
  readonly memory: Float64Array;
  readonly kernel: MsetKernel;
  readonly bandwidth: number;
  readonly ridge: number;
  readonly lu: Float64Array;
  readonly pivots: Int32Array;
}

function buildModel(scaler: ColumnScaler, memory: Float64Array, kernel: MsetKernel, bandwidth: number, ridge: number): MsetModel {
  const cols = scaler.mean.length;
  const size = memory.length / cols;
  const partial = { cols, kernel, bandwidth };
  const g = new Float64Array(size * size);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      g[a * size + b] = similarity(partial, memory.subarray(a * cols, (a + 1) * cols), memory.subarray(b * cols, (b + 1) * cols));
    }
    g[a * size + a]! += ridge;
  }
  const pivots = luFactor(g, size);
  return { ...partial, size, scaler, memory, ridge, lu: g, pivots };
}

function similarity(m: { cols: number; kernel: MsetKernel; bandwidth: number }, x: Float64Array, y: Float64Array): number {
  let dist2 = 0;
  for (let j = 0; j < m.cols; j++) dist2 += (x[j]! - y[j]!) ** 2;
  if (m.kernel === 'gaussian') return Math.exp(-dist2 / (2 * m.bandwidth * m.bandwidth));
  if (dist2 === 0) return 1;
  let nx = 0;
  let ny = 0;
  for (let j = 0; j < m.cols; j++) {
    nx += x[j]! ** 2;
    ny += y[j]! ** 2;
  }
  return 1 - Math.sqrt(dist2) / (Math.sqrt(nx) + Math.sqrt(ny));
}

/** Vector ordering: per-column extremes first (so the memory spans the training range), then evenly spaced ‖z‖ ranks. */
function selectMemory(Z: Matrix, size: number): Float64Array {
  const { rows, cols } = Z;
  const chosen = new Set<number>();
  if (rows <= size) for (let i = 0; i < rows; i++) chosen.add(i);
  else {
    for (let j = 0; j < cols && chosen.size < size; j++) {
      let lo = 0;
      let hi = 0;
      for (let i = 1; i < rows; i++) {
        if (Z.data[i * cols + j]! < Z.data[lo * cols + j]!) lo = i;
        if (Z.data[i * cols + j]! > Z.data[hi * cols + j]!) hi = i;
      }
      chosen.add(lo);
      if (chosen.size < size) chosen.add(hi);
    }
    const norms = Array.from({ length: rows }, (_, i) => {
      let s = 0;
      for (let j = 0; j < cols; j++) s += Z.data[i * cols + j]! ** 2;
      return s;
    });
    const order = norms.map((_, i) => i).sort((a, b) => norms[a]! - norms[b]! || a - b);
    const remaining = order.filter((i) => !chosen.has(i));
    const need = size - chosen.size;
    for (let t = 0; t < need; t++) chosen.add(remaining[Math.round(((t + 0.5) * remaining.length) / need - 0.5)]!);
  }
  const idx = [...chosen].sort((a, b) => a - b);
  const memory = new Float64Array(idx.length * cols);
  idx.forEach((r, a) => memory.set(Z.data.subarray(r * cols, (r + 1) * cols), a * cols));
  return memory;
}

/** Median Euclidean distance between distinct memory rows: the bandwidth at which a typical pair has similarity e^(−1/2). */
function medianDistance(memory: Float64Array, cols: number): number {
  const size = memory.length / cols;
  const dists: number[] = [];
  for (let a = 0; a < size; a++) {
    for (let b = a + 1; b < size; b++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += (memory[a * cols + j]! - memory[b * cols + j]!) ** 2;
      dists.push(Math.sqrt(s));
    }
  }
  dists.sort((x, y) => x - y);
  const median = dists.length > 0 ? dists[Math.floor(dists.length / 2)]! : 0;
  return median > 0 ? median : 1;
}

/** In-place LU with partial pivoting of an n×n row-major matrix; fails with ML_BAD_INPUT when singular. */
function luFactor(a: Float64Array, n: number): Int32Array {
  const piv = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]!) > Math.abs(a[p * n + k]!)) p = i;
    piv[k] = p;
    if (!(Math.abs(a[p * n + k]!) > 1e-300)) throw new MlError('ML_BAD_INPUT', 'the memory similarity matrix is singular; raise ridge');
    if (p !== k) for (let j = 0; j < n; j++) [a[k * n + j], a[p * n + j]] = [a[p * n + j]!, a[k * n + j]!];
    const pivot = a[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const f = (a[i * n + k]! /= pivot);
      if (f !== 0) for (let j = k + 1; j < n; j++) a[i * n + j]! -= f * a[k * n + j]!;
    }
  }
  return piv;
}

/** Solves (LU) x = b in place. */
function luSolve(lu: Float64Array, piv: Int32Array, b: Float64Array): void {
  const n = piv.length;
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) [b[k], b[p]] = [b[p]!, b[k]!];
  }
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) b[i]! -= lu[i * n + j]! * b[j]!;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) b[i]! -= lu[i * n + j]! * b[j]!;
    b[i]! /= lu[i * n + i]!;
  }
}
