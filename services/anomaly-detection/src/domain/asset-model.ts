import {
  Ensemble,
  MlError,
  Mset,
  Pca,
  applyScaler,
  covariance,
  criticalityOf as levelName,
  fitStandardScaler,
  symmetricEigen,
  fitPot,
  levelIndex,
  thresholdsFromMultiples,
  thresholdsFromPot,
  type EnsembleState,
  type LevelThresholds,
  type Matrix,
} from '@vigie/ml';
import type { Criticality, FeatureContribution } from '@vigie/contracts';

/**
 * The features of each sensor the asset model reads: the window's level and its spread. Speed, current, load-bearing
 * pressures and flows are sensors like the others, so the operating point is part of every vector and the model learns
 * what the other sensors read at each operating point its training data covered.
 */
export const ASSET_MODEL_FEATURES = ['mean', 'std'] as const;
/** Complete asset vectors below which no asset model is fitted (5 calibration folds of at least 6 windows). */
export const MIN_ASSET_VECTORS = 30;
/** Default POT risk of the `low` level: the share of healthy windows expected above it (medium q/10, high q/100, …). */
export const DEFAULT_RISK = 1e-3;

export interface AssetColumn {
  sensorId: string;
  feature: string;
}

/** One window of an asset: every sensor's features of the windows that end at `windowEnd`. */
export interface AssetVector {
  windowEnd: number;
  sensors: Record<string, Record<string, number>>;
}

export interface AssetScore {
  /** The ensemble score in [0, 1]. */
  score: number;
  /** 0 normal, 1 low … 4 critical, by the POT thresholds. */
  level: number;
  /** The score on the scale the thresholds use (odds s / (1 − s)), for a hysteresis. */
  odds: number;
  contributors: FeatureContribution[];
}

export interface AssetModelState {
  format: typeof ASSET_MODEL_FORMAT;
  columns: AssetColumn[];
  mean: number[];
  scale: number[];
  /** Inverse covariance of the standardized columns (row-major), for conditional contributions. */
  precision: number[];
  thresholds: number[];
  risk: number;
  vectors: number;
  ensemble: EnsembleState;
}
export const ASSET_MODEL_FORMAT = 'vigie.asset-ensemble/1';

const odds = (s: number): number => {
  const v = Math.min(Math.max(s, 0), 1 - 1e-12);
  return v / (1 - v);
};

/**
 * A multivariate model of one asset: an ensemble of MSET (similarity to remembered healthy states, the SKAB
 * leaderboard's best) and PCA (T²-like distance over the components), fitted on complete asset vectors, scores
 * normalised to [0, 1] on out-of-fold scores; criticality thresholds from a POT tail of those out-of-fold scores (low
 * at risk q, each next level ten times rarer). Contributors are the features that most disagree with what the other
 * features predict (the conditional z of a Gaussian model: (P z)_j / √P_jj, P the inverse covariance of the
 * standardized training vectors), each with the value the rest of the vector predicts for it as `baseline`: when the
 * 1× vibration reads the level of a higher speed, it is the vibration that is named, not the speed the flow and the
 * current confirm.
 */
export class AssetModel {
  private constructor(
    readonly columns: readonly AssetColumn[],
    private readonly ensemble: Ensemble,
    readonly thresholds: LevelThresholds,
    private readonly mean: Float64Array,
    private readonly scale: Float64Array,
    private readonly precision: Float64Array,
    readonly risk: number,
    readonly vectors: number,
  ) {}

  /**
   * Fits on vectors (time order). Columns: `ASSET_MODEL_FEATURES` of every sensor present in every vector, less the
   * columns constant over the training vectors (nothing to learn). Fails with ML_BAD_INPUT on too few vectors or columns.
   */
  static fit(vectors: readonly AssetVector[], risk = DEFAULT_RISK): AssetModel {
    if (vectors.length < MIN_ASSET_VECTORS)
      throw new MlError(
        'ML_BAD_INPUT',
        `${vectors.length} complete asset windows are too few for an asset model (${MIN_ASSET_VECTORS} needed)`,
      );
    const columns = commonColumns(vectors);
    const X = matrixOf(vectors, columns);
    const keep = columns.flatMap((c, j) => (columnSpread(X, j) > 0 ? [j] : []));
    if (keep.length < 2) throw new MlError('ML_BAD_INPUT', 'an asset model needs at least two varying features');
    const kept = keep.map((j) => columns[j]!);
    const Xk = matrixOf(vectors, kept);
    const ensemble = new Ensemble([
      { name: 'mset', create: () => new Mset() },
      { name: 'pca', create: () => new Pca({ nComponents: 0.9999, statistic: 't2-spe' }) },
    ]);
    ensemble.fit(Xk);
    const pot = fitPot(
      ensemble.calibration().flatMap((b) => Array.from(b, odds)),
      { risk, initialQuantile: 0.9 },
    );
    const scaler = fitStandardScaler(Xk);
    return new AssetModel(
      kept,
      ensemble,
      levelThresholds(pot),
      scaler.mean,
      scaler.scale,
      precisionOf(applyScaler(Xk, scaler)),
      risk,
      vectors.length,
    );
  }

  static fromState(state: AssetModelState): AssetModel {
    if (state.format !== ASSET_MODEL_FORMAT) throw new MlError('ML_BAD_STATE', `not an ${ASSET_MODEL_FORMAT} state`);
    const n = state.columns.length;
    if (state.mean.length !== n || state.scale.length !== n || state.precision.length !== n * n || state.thresholds.length !== 4)
      throw new MlError('ML_BAD_STATE', 'asset model arrays do not match its columns');
    return new AssetModel(
      state.columns,
      Ensemble.fromState(state.ensemble),
      state.thresholds as unknown as LevelThresholds,
      Float64Array.from(state.mean),
      Float64Array.from(state.scale),
      Float64Array.from(state.precision),
      state.risk,
      state.vectors,
    );
  }

  serialize(): AssetModelState {
    return {
      format: ASSET_MODEL_FORMAT,
      columns: this.columns.map((c) => ({ ...c })),
      mean: Array.from(this.mean),
      scale: Array.from(this.scale),
      precision: Array.from(this.precision),
      thresholds: [...this.thresholds],
      risk: this.risk,
      vectors: this.vectors,
      ensemble: this.ensemble.serialize(),
    };
  }

  /** Sensors whose windows a vector needs. */
  sensors(): string[] {
    return [...new Set(this.columns.map((c) => c.sensorId))];
  }

  /** Whether `vector` holds every column (a missing or non-finite value makes it incomplete). */
  complete(vector: AssetVector): boolean {
    return this.columns.every((c) => Number.isFinite(vector.sensors[c.sensorId]?.[c.feature]));
  }

  /** Scores complete vectors (throws ML_BAD_INPUT on an incomplete one). */
  score(vectors: readonly AssetVector[]): AssetScore[] {
    for (const v of vectors) if (!this.complete(v)) throw new MlError('ML_BAD_INPUT', `asset vector at ${v.windowEnd} is incomplete`);
    const X = matrixOf(vectors, this.columns);
    const scores = this.ensemble.score(X);
    return vectors.map((_, i) => {
      const o = odds(scores[i]!);
      return {
        score: scores[i]!,
        level: levelIndex(o, this.thresholds),
        odds: o,
        contributors: this.contributors(X.data.subarray(i * X.cols, (i + 1) * X.cols)),
      };
    });
  }

  /** The five features that most disagree with the rest of the vector, largest |conditional z| first. */
  private contributors(x: Float64Array): FeatureContribution[] {
    const d = this.columns.length;
    const z = x.map((v, j) => (v - this.mean[j]!) / this.scale[j]!);
    return this.columns
      .map((c, j) => {
        let u = 0;
        for (let k = 0; k < d; k++) u += this.precision[j * d + k]! * z[k]!;
        const pjj = this.precision[j * d + j]!;
        return {
          sensorId: c.sensorId,
          feature: c.feature,
          value: x[j]!,
          baseline: x[j]! - (u / pjj) * this.scale[j]!,
          z: u / Math.sqrt(pjj),
        };
      })
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
      .slice(0, 5);
  }
}

export function criticalityOfLevel(level: number): Criticality {
  return levelName(Math.max(1, level)) ?? 'low';
}

/**
 * Level thresholds on the odds scale: low at the POT quantile of risk q; medium, high and critical at the POT quantiles
 * of q/10, q/100, q/1000 but at least 1.5, 2 and 3 times low. A tail fitted on a few hundred windows is often bounded
 * (GPD shape < 0): its far quantiles crowd just above low, and any window past the calibration range would read
 * critical — and skip the persistence a non-critical alarm waits for.
 */
function levelThresholds(pot: Parameters<typeof thresholdsFromPot>[0]): LevelThresholds {
  const fromPot = thresholdsFromPot(pot);
  const floor = thresholdsFromMultiples(fromPot[0], [1, 1.5, 2, 3]);
  return fromPot.map((t, k) => Math.max(t, floor[k]!)) as unknown as LevelThresholds;
}

/** ASSET_MODEL_FEATURES of the sensors every vector carries, sorted by sensor then feature order. */
function commonColumns(vectors: readonly AssetVector[]): AssetColumn[] {
  const sensors = Object.keys(vectors[0]!.sensors).sort();
  const columns: AssetColumn[] = [];
  for (const sensorId of sensors) {
    for (const feature of ASSET_MODEL_FEATURES) {
      if (vectors.every((v) => Number.isFinite(v.sensors[sensorId]?.[feature]))) columns.push({ sensorId, feature });
    }
  }
  return columns;
}

function matrixOf(vectors: readonly AssetVector[], columns: readonly AssetColumn[]): Matrix {
  const m: Matrix = { rows: vectors.length, cols: columns.length, data: new Float64Array(vectors.length * columns.length) };
  vectors.forEach((v, i) => columns.forEach((c, j) => (m.data[i * m.cols + j] = v.sensors[c.sensorId]![c.feature]!)));
  return m;
}

/**
 * Inverse covariance of standardized rows through the eigen-decomposition, eigenvalues floored at 1e-3 of their mean
 * (two nearly collinear features — a window's mean and rms — must not make the inverse explode).
 */
function precisionOf(Z: Matrix): Float64Array {
  const d = Z.cols;
  const { values, vectors } = symmetricEigen(covariance(Z, new Float64Array(d)), d);
  const floor = (1e-3 * values.reduce((a, b) => a + Math.max(b, 0), 0)) / d;
  const P = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    const inv = 1 / Math.max(values[c]!, floor);
    for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) P[j * d + k]! += inv * vectors[c * d + j]! * vectors[c * d + k]!;
  }
  return P;
}

/** Robust spread of a column: 1.4826 · MAD, or the standard deviation when the MAD is 0; 0 for a constant column. */
function columnSpread(X: Matrix, j: number): number {
  const col = Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols + j]!).sort((a, b) => a - b);
  const med = col[col.length >> 1]!;
  const dev = col.map((x) => Math.abs(x - med)).sort((a, b) => a - b);
  const mad = 1.4826 * dev[dev.length >> 1]!;
  if (mad > 0) return mad;
  const mean = col.reduce((a, b) => a + b, 0) / col.length;
  return Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
}

/**
 * Groups per-sensor windows into asset vectors by window end, and keeps those carrying the sensor set most windows
 * share (a sensor whose windows slide by half a window adds windows that end in between: those are not vectors).
 */
export function assembleVectors(
  windows: readonly { sensorId: string; windowEnd: number; features: Record<string, number> }[],
): AssetVector[] {
  const byEnd = new Map<number, AssetVector>();
  for (const w of windows) {
    const v = byEnd.get(w.windowEnd) ?? { windowEnd: w.windowEnd, sensors: {} };
    v.sensors[w.sensorId] = w.features;
    byEnd.set(w.windowEnd, v);
  }
  const all = [...byEnd.values()].sort((a, b) => a.windowEnd - b.windowEnd);
  const keyOf = (v: AssetVector): string => Object.keys(v.sensors).sort().join('\u0000');
  const counts = new Map<string, number>();
  for (const v of all) counts.set(keyOf(v), (counts.get(keyOf(v)) ?? 0) + 1);
  let best = '';
  let bestScore = -1;
  for (const [key, n] of counts) {
    const score = n * key.split('\u0000').length;
    if (score > bestScore) [best, bestScore] = [key, score];
  }
  const needed = best === '' ? [] : best.split('\u0000');
  return all.filter((v) => needed.every((s) => s in v.sensors));
}
