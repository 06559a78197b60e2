import { MlError } from '../errors';

/** A dense row-major matrix: element (i, j) is `data[i * cols + j]`. Rows are samples, columns features. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A zero-filled rows×cols matrix. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Builds a matrix from an array of equally long rows (copies). Fails with ML_BAD_INPUT on ragged rows. */
export function fromRows(rows: ReadonlyArray<ArrayLike<number>>): Matrix {
  const cols = rows[0]?.length ?? 0;
  const m = zeros(rows.length, cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) throw new MlError('ML_BAD_INPUT', `row ${i} has ${row.length} values, expected ${cols}`, { row: i });
    m.data.set(Array.from(row), i * cols);
  });
  return m;
}

/** Row i as a number[] (copies), for tests and JSON. */
export function row(m: Matrix, i: number): number[] {
  return Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
}

/** The rows of a matrix as arrays (copies), for JSON. */
export function toRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => row(m, i));
}

/** Stacks two matrices of equal width vertically (a's rows first). */
export function vstack(a: Matrix, b: Matrix): Matrix {
  const out = zeros(a.rows + b.rows, a.cols);
  out.data.set(a.data, 0);
  out.data.set(b.data, a.data.length);
  return out;
}

/**
 * Checks a detector input: a well-formed, non-empty matrix of finite values, `cols` wide when given.
 * Fails with ML_BAD_INPUT naming the first problem.
 */
export function assertMatrix(m: Matrix, what: string, cols?: number): void {
  if (!Number.isInteger(m?.rows) || !Number.isInteger(m.cols) || !(m.data instanceof Float64Array)) {
    throw new MlError('ML_BAD_INPUT', `${what} is not a Matrix { rows, cols, data: Float64Array }`);
  }
  if (m.rows < 1 || m.cols < 1) throw new MlError('ML_BAD_INPUT', `${what} is empty (${m.rows}×${m.cols})`);
  if (m.data.length !== m.rows * m.cols) {
    throw new MlError('ML_BAD_INPUT', `${what} has ${m.data.length} values for ${m.rows}×${m.cols}`);
  }
  if (cols !== undefined && m.cols !== cols) {
    throw new MlError('ML_BAD_INPUT', `${what} has ${m.cols} columns, the detector was fitted on ${cols}`, {
      expected: cols,
      actual: m.cols,
    });
  }
  for (let k = 0; k < m.data.length; k++) {
    if (!Number.isFinite(m.data[k]!)) {
      const r = Math.floor(k / m.cols);
      throw new MlError('ML_BAD_INPUT', `${what}[${r}][${k - r * m.cols}] is ${m.data[k]}`, { row: r, col: k - r * m.cols });
    }
  }
}
