import type { TrainingKernel } from './kernel';

/**
 * The one-class Q matrix (Q_ij = K(x_i, x_j)) as libsvm's ONE_CLASS_Q serves it to the solver: entries rounded to
 * float32 (libsvm's `Qfloat`), the diagonal QD kept in double, and rows/columns permuted by `swapIndex` as the solver
 * shrinks its active set.
 *
 * Rows are computed lazily in the original sample order and kept in an LRU cache bounded by `cacheBytes`
 * (4·l bytes per row; scikit-learn's default cache_size is 200 MB, i.e. every row fits up to l ≈ 7,200).
 * `getQ` gathers a row in the current permuted order into a caller-owned buffer, so evicting rows never
 * invalidates a row the solver is still reading.
 */
export class OneClassQ {
  readonly l: number;
  /** QD[i] = K(x_perm[i], x_perm[i]), in double like libsvm. */
  readonly QD: Float64Array;
  private readonly perm: Int32Array;
  private readonly rows = new Map<number, Float32Array>();
  private readonly maxRows: number;
  /** Kernel rows computed, including recomputations after eviction (for the benchmark and tests). */
  rowsComputed = 0;

  constructor(
    l: number,
    private readonly kernel: TrainingKernel,
    cacheBytes: number,
  ) {
    this.l = l;
    this.perm = new Int32Array(l);
    this.QD = new Float64Array(l);
    for (let i = 0; i < l; i++) {
      this.perm[i] = i;
      this.QD[i] = kernel(i, i);
    }
    this.maxRows = Math.max(2, Math.floor(cacheBytes / (4 * Math.max(l, 1))));
  }

  /** Writes Q[i][0..len) (current order) into out[0..len) and returns out. */
  getQ(i: number, len: number, out: Float32Array): Float32Array {
    const row = this.row(this.perm[i]!);
    const perm = this.perm;
    for (let j = 0; j < len; j++) out[j] = row[perm[j]!]!;
    return out;
  }

  swapIndex(i: number, j: number): void {
    const p = this.perm[i]!;
    this.perm[i] = this.perm[j]!;
    this.perm[j] = p;
    const q = this.QD[i]!;
    this.QD[i] = this.QD[j]!;
    this.QD[j] = q;
  }

  private row(original: number): Float32Array {
    const hit = this.rows.get(original);
    if (hit) {
      this.rows.delete(original);
      this.rows.set(original, hit);
      return hit;
    }
    let row: Float32Array;
    if (this.rows.size >= this.maxRows) {
      const oldest = this.rows.keys().next().value!;
      row = this.rows.get(oldest)!;
      this.rows.delete(oldest);
    } else {
      row = new Float32Array(this.l);
    }
    for (let j = 0; j < this.l; j++) row[j] = this.kernel(original, j);
    this.rowsComputed++;
    this.rows.set(original, row);
    return row;
  }
}
