import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng, type Matrix } from '../../src';

/** Test data for the one-class SVM: seeded gaussian blobs and SKAB slices (read in place, never copied: GPL-3.0). */
export const SKAB_DIR = fileURLToPath(new URL('../../../../../shared/datasets/skab/', import.meta.url));

/** n×d draws of N(mean, sd²) per value (Box–Muller on the package's seeded PRNG). */
export function gaussianMatrix(seed: number, n: number, d: number, mean = 0, sd = 1): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(n * d);
  for (let k = 0; k < data.length; k++) {
    const u = 1 - rng.next();
    data[k] = mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  }
  return { rows: n, cols: d, data };
}

/** The 8 sensor columns of one SKAB file (`valve1/0.csv`, `anomaly-free/anomaly-free.csv`), rows [from, to). */
export function skabSensors(file: string, from = 0, to = Infinity): Matrix {
  const path = `${SKAB_DIR}${file}`;
  if (!existsSync(path)) throw new Error(`SKAB file not found at ${path} (expected ../shared/datasets/skab beside the repo)`);
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1).slice(from, to);
  const cols = 8;
  const data = new Float64Array(lines.length * cols);
  lines.forEach((line, i) => {
    const fields = line.split(';');
    for (let j = 0; j < cols; j++) data[i * cols + j] = Number(fields[j + 1]);
  });
  return { rows: lines.length, cols, data };
}

/** Column-wise (x − mean) / std with the mean and std (ddof 0) of `ref`. */
export function standardize(X: Matrix, ref: Matrix): Matrix {
  const { cols } = X;
  const data = new Float64Array(X.data.length);
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let i = 0; i < ref.rows; i++) mean += ref.data[i * cols + j]!;
    mean /= ref.rows;
    let v = 0;
    for (let i = 0; i < ref.rows; i++) v += (ref.data[i * cols + j]! - mean) ** 2;
    const sd = Math.sqrt(v / ref.rows) || 1;
    for (let i = 0; i < X.rows; i++) data[i * cols + j] = (X.data[i * cols + j]! - mean) / sd;
  }
  return { rows: X.rows, cols, data };
}
