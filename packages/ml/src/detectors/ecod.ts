import { MlError } from '../errors';
import { assertMatrix, vstack, type Matrix } from '../linalg/matrix';
import type { Detector, DetectorState } from './detector';
import { expectState, readArray, readInt } from './state';

/**
 * ECOD (Li et al., "ECOD: Unsupervised Outlier Detection Using Empirical Cumulative Distribution Functions", IEEE
 * TKDE 2022), exactly as `pyod.models.ecod.ECOD.decision_function` in PyOD 3.6.7 with n_jobs=1:
 * per column, the left- and right-tail ECDF log-probabilities U_l = −log F(x), U_r = −log F(−x) (ties share the
 * highest rank's probability), a skewness-corrected tail U_skew (U_r for positive skew, U_l for negative, U_l + U_r
 * when the skewness is 0 or undefined), and score = Σ_columns max(U_l, U_r, U_skew).
 *
 * Like PyOD, scoring new rows re-computes the ECDFs and skewness on the training rows followed by the new rows and
 * returns the new rows' part: a row's score depends on the rest of its batch (scored one at a time, it is the score
 * against the training ECDFs with n+1 samples). So the state keeps the training matrix.
 */
export class Ecod implements Detector {
  readonly kind = 'ecod';
  private train: Matrix | undefined;

  fit(X: Matrix): void {
    assertMatrix(X, 'X');
    this.train = { rows: X.rows, cols: X.cols, data: Float64Array.from(X.data) };
  }

  score(X: Matrix): Float64Array {
    const train = this.fitted();
    assertMatrix(X, 'X', train.cols);
    return ecodScores(vstack(train, X)).slice(train.rows);
  }

  /** The scores of the training rows among themselves (PyOD's `decision_scores_`), not re-scored against a copy. */
  trainingScores(): Float64Array {
    return ecodScores(this.fitted());
  }

  serialize(): EcodState {
    const train = this.fitted();
    return { kind: 'ecod', version: 1, rows: train.rows, cols: train.cols, train: Array.from(train.data) };
  }

  static fromState(state: unknown): Ecod {
    const s = expectState(state, 'ecod', 1);
    const rows = readInt(s, 'rows', 1);
    const cols = readInt(s, 'cols', 1);
    const detector = new Ecod();
    detector.train = { rows, cols, data: readArray(s, 'train', rows * cols) };
    return detector;
  }

  private fitted(): Matrix {
    if (!this.train) throw new MlError('ML_NOT_FITTED', 'ECOD is not fitted');
    return this.train;
  }
}

/** Serialized ECOD: the training matrix, row-major. */
export interface EcodState extends DetectorState {
  readonly kind: 'ecod';
  readonly version: 1;
  readonly rows: number;
  readonly cols: number;
  readonly train: number[];
}

/** ECOD scores of every row of X against the ECDFs of X itself. */
export function ecodScores(X: Matrix): Float64Array {
  const { rows: n, cols: d } = X;
  const scores = new Float64Array(n);
  const column = new Float64Array(n);
  const left = new Float64Array(n);
  const right = new Float64Array(n);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) column[i] = X.data[i * d + j]!;
    columnEcdf(column, 1, left);
    columnEcdf(column, -1, right);
    const s = skewSign(column);
    for (let i = 0; i < n; i++) {
      const ul = -Math.log(left[i]!);
      const ur = -Math.log(right[i]!);
      // PyOD: U_l·(−sign(s − 1)) + U_r·sign(s + 1), with s = sign(skewness) ∈ {−1, 0, 1}.
      const uSkew = s > 0 ? ur : s < 0 ? ul : ul + ur;
      scores[i]! += Math.max(ul, ur, uSkew);
    }
  }
  return scores;
}

/**
 * PyOD's `column_ecdf` on sign·x: P(sign·X ≤ sign·x_i), with the probabilities of the sorted sample taken from
 * numpy's `linspace(1/n, 1, n)` (same rounding) and equal values given the probability of the last of them.
 */
function columnEcdf(x: Float64Array, sign: 1 | -1, out: Float64Array): void {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => sign * (x[a]! - x[b]!));
  const start = 1 / n;
  const step = n > 1 ? (1 - start) / (n - 1) : 0;
  const p = new Float64Array(n);
  for (let r = 0; r < n; r++) p[r] = r * step + start;
  p[n - 1] = 1;
  for (let r = n - 2; r >= 0; r--) if (x[order[r]!] === x[order[r + 1]!]) p[r] = p[r + 1]!;
  for (let r = 0; r < n; r++) out[order[r]!] = p[r]!;
}

/** The sign of scipy.stats.skew (biased), 0 when scipy finds it undefined (m2 ≤ (ε·mean)², PyOD's nan_to_num). */
function skewSign(x: Float64Array): number {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const dv = x[i]! - mean;
    m2 += dv * dv;
    m3 += dv * dv * dv;
  }
  m2 /= n;
  if (m2 <= (Number.EPSILON * mean) ** 2) return 0;
  return Math.sign(m3);
}
