import { MlError } from '../errors';
import { assertMatrix, type Matrix } from '../linalg/matrix';
import { createRng } from '../random';
import { finiteArray } from './checks';
import { kMeans, nearest } from './kmeans';

export interface RegimeOptions {
  /** Largest number of regimes tried (default 10). */
  readonly maxRegimes?: number;
  /** A clustering counts only if every two centres are ≥ `separation` × (sum of their RMS radii) apart (default 4). */
  readonly separation?: number;
  /** k-means++ restarts per k (default 4). */
  readonly restarts?: number;
  /** Rows drawn (seeded, without replacement) to choose k and the centres; all rows when fewer (default 5,000). */
  readonly sampleSize?: number;
  readonly seed?: number;
}

/** Plain-JSON state of a `RegimeModel`. */
export interface RegimeState {
  readonly kind: 'rul-regimes';
  readonly version: 1;
  readonly settings: number;
  /** count × settings, in the settings' own units, sorted lexicographically (so ids do not depend on the seed). */
  readonly centres: number[];
  /** Per-setting scale distances are measured in (population σ over the training rows; 1 when constant). */
  readonly scale: number[];
}

/**
 * Operating regimes from the operating settings (C-MAPSS FD002/FD004: six flight conditions of altitude, Mach and
 * throttle). The number of regimes is found, not given: seeded k-means++ on the σ-scaled settings for k = 1 …
 * `maxRegimes`, keeping the largest k whose clusters are all well separated (centre distance ≥ `separation` × the sum
 * of RMS radii). Splitting a noise blob in two gives a ratio near 1, real regimes give hundreds, so single-condition
 * data (FD001: settings are noise around one point) yields one regime. With no setting columns there is one regime.
 */
export class RegimeModel {
  private constructor(
    private readonly p: number,
    private readonly centres: Float64Array,
    private readonly scale: Float64Array,
  ) {}

  /** Number of setting columns the model was fitted on. */
  get settings(): number {
    return this.p;
  }

  get count(): number {
    return this.p === 0 ? 1 : this.centres.length / this.p;
  }

  static detect(settings: Matrix, options: RegimeOptions = {}): RegimeModel {
    checkSettings(settings);
    const { maxRegimes = 10, separation = 4, restarts = 4, sampleSize = 5000, seed = 0 } = options;
    if (!Number.isInteger(maxRegimes) || maxRegimes < 1)
      throw new MlError('ML_BAD_INPUT', `maxRegimes ${maxRegimes} is not an integer ≥ 1`);
    if (!(separation > 0)) throw new MlError('ML_BAD_INPUT', `separation ${separation} is not > 0`);
    const p = settings.cols;
    if (p === 0) return new RegimeModel(0, new Float64Array(0), new Float64Array(0));
    const rng = createRng(seed);
    const scale = columnSigma(settings);
    const sample = scaledSample(settings, scale, sampleSize, rng);
    let best = columnMean(sample, p);
    for (let k = 2; k <= maxRegimes; k++) {
      const fit = kMeans(sample, p, k, rng, restarts);
      if (fit !== undefined && wellSeparated(sample, p, k, fit.centres, fit.labels, separation)) best = fit.centres;
    }
    const k = best.length / p;
    const raw = Array.from({ length: k }, (_, c) => Array.from({ length: p }, (_, j) => best[c * p + j]! * scale[j]!));
    raw.sort((a, b) => a.reduce((o, v, j) => o || Math.sign(v - b[j]!), 0));
    return new RegimeModel(p, Float64Array.from(raw.flat()), scale);
  }

  /** Regime id (0 … count − 1) of each row: the nearest centre in σ-scaled distance. */
  assign(settings: Matrix): Int32Array {
    checkSettings(settings, this.p);
    const out = new Int32Array(settings.rows);
    if (this.p === 0) return out;
    const scaled = new Float64Array(settings.data.length);
    for (let k = 0; k < scaled.length; k++) scaled[k] = settings.data[k]! / this.scale[k % this.p]!;
    const centres = this.centres.map((v, k) => v / this.scale[k % this.p]!);
    for (let i = 0; i < settings.rows; i++) out[i] = nearest(scaled, i, this.p, centres, this.count)[0];
    return out;
  }

  /** Centres in the settings' units (count × settings rows). */
  centresRows(): number[][] {
    return Array.from({ length: this.count }, (_, c) => Array.from(this.centres.subarray(c * this.p, (c + 1) * this.p)));
  }

  serialize(): RegimeState {
    return { kind: 'rul-regimes', version: 1, settings: this.p, centres: Array.from(this.centres), scale: Array.from(this.scale) };
  }

  static fromState(state: RegimeState): RegimeModel {
    const ok =
      state?.kind === 'rul-regimes' &&
      state.version === 1 &&
      Number.isInteger(state.settings) &&
      state.settings >= 0 &&
      finiteArray(state.centres) &&
      finiteArray(state.scale) &&
      state.scale.length === state.settings &&
      state.scale.every((s) => s > 0) &&
      (state.settings === 0 ? state.centres.length === 0 : state.centres.length > 0 && state.centres.length % state.settings === 0);
    if (!ok) throw new MlError('ML_BAD_STATE', 'not a version 1 rul-regimes state');
    return new RegimeModel(state.settings, Float64Array.from(state.centres), Float64Array.from(state.scale));
  }
}

/** assertMatrix, except that zero setting columns (data without operating settings) are allowed. */
function checkSettings(settings: Matrix, cols?: number): void {
  if (settings?.cols === 0 && (cols === undefined || cols === 0) && settings.rows >= 1 && settings.data?.length === 0) return;
  assertMatrix(settings, 'operating settings', cols);
}

function columnSigma(X: Matrix): Float64Array {
  const mean = columnMean(X.data, X.cols);
  const out = new Float64Array(X.cols);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) out[j]! += (X.data[i * X.cols + j]! - mean[j]!) ** 2;
  return out.map((s) => (Math.sqrt(s / X.rows) > 0 ? Math.sqrt(s / X.rows) : 1));
}

function columnMean(data: Float64Array, p: number): Float64Array {
  const n = data.length / p;
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j]! += data[i * p + j]! / n;
  return mean;
}

function scaledSample(X: Matrix, scale: Float64Array, size: number, rng: ReturnType<typeof createRng>): Float64Array {
  const n = X.rows;
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const m = Math.min(n, Math.max(1, Math.floor(size)));
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  const out = new Float64Array(m * X.cols);
  for (let i = 0; i < m; i++) for (let j = 0; j < X.cols; j++) out[i * X.cols + j] = X.data[idx[i]! * X.cols + j]! / scale[j]!;
  return out;
}

function wellSeparated(points: Float64Array, p: number, k: number, centres: Float64Array, labels: Int32Array, ratio: number): boolean {
  const ss = new Float64Array(k);
  const count = new Float64Array(k);
  labels.forEach((c, i) => {
    count[c]!++;
    for (let j = 0; j < p; j++) ss[c]! += (points[i * p + j]! - centres[c * p + j]!) ** 2;
  });
  if (count.some((c) => c === 0)) return false;
  const radius = ss.map((s, c) => Math.sqrt(s / count[c]!));
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let d = 0;
      for (let j = 0; j < p; j++) d += (centres[a * p + j]! - centres[b * p + j]!) ** 2;
      if (Math.sqrt(d) < ratio * (radius[a]! + radius[b]!)) return false;
    }
  }
  return true;
}
