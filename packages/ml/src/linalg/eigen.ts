import { MlError } from '../errors';

/** Eigen-decomposition of a symmetric matrix: `values` descending, `vectors` row k = unit eigenvector of values[k]. */
export interface SymmetricEigen {
  readonly values: Float64Array;
  /** k×n row-major: row k is the eigenvector of `values[k]` (sign as the algorithm left it; see `flipSigns`). */
  readonly vectors: Float64Array;
}

const MAX_SWEEPS = 100;

/**
 * Cyclic Jacobi rotations (Golub & Van Loan §8.5, rotation as in Numerical Recipes §11.1) on an n×n symmetric
 * row-major matrix, which is left untouched. Jacobi is slow for large n (O(n³) per sweep, ~6–10 sweeps) but finds small
 * eigenvalues to high relative accuracy, which the PCA score (divided by the smallest explained variance ratios) needs.
 */
export function symmetricEigen(matrix: Float64Array, n: number): SymmetricEigen {
  if (matrix.length !== n * n) throw new MlError('ML_BAD_INPUT', `eigen: ${matrix.length} values for ${n}×${n}`);
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < n; p++) {
      diag += a[p * n + p]! ** 2;
      for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    }
    if (off === 0 || off <= 1e-36 * diag) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) rotate(a, v, n, p, q);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j]! - a[i * n + i]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, k) => {
    values[k] = a[src * n + src]!;
    for (let i = 0; i < n; i++) vectors[k * n + i] = v[i * n + src]!;
  });
  return { values, vectors };
}

/** Zeroes a[p][q] (and a[q][p]) with one Jacobi rotation, accumulating it into the columns of v. */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q]!;
  if (apq === 0) return;
  const app = a[p * n + p]!;
  const aqq = a[q * n + q]!;
  const theta = (aqq - app) / (2 * apq);
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p]!;
    const akq = a[k * n + q]!;
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k]!;
    const aqk = a[q * n + k]!;
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  a[p * n + q] = 0;
  a[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p]!;
    const vkq = v[k * n + q]!;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

/**
 * scikit-learn's `svd_flip(u_based_decision=False)`: flips each row of `vectors` (k rows of n) so that its entry of
 * largest absolute value (the first such on ties) is positive. Scores that depend on the sign of a component (PyOD's
 * PCA distance to the component) then equal scikit-learn's.
 */
export function flipSigns(vectors: Float64Array, k: number, n: number): void {
  for (let r = 0; r < k; r++) {
    let best = 0;
    for (let i = 1; i < n; i++) if (Math.abs(vectors[r * n + i]!) > Math.abs(vectors[r * n + best]!)) best = i;
    if (vectors[r * n + best]! < 0) for (let i = 0; i < n; i++) vectors[r * n + i] = -vectors[r * n + i]!;
  }
}
