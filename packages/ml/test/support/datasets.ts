import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng, fromRows, type Matrix, type Rng } from '../../src';

/** A train/test split with 0/1 labels on the test rows (1 = planted or recorded anomaly). */
export interface LabelledSet {
  readonly train: Matrix;
  readonly test: Matrix;
  readonly labels: number[];
}

function normal(rng: Rng): number {
  // Box–Muller; 1 − u keeps the log argument in (0, 1].
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** Rows of independent N(0, σ_j²) with σ_j = 1 + j/2 (distinct scales, so standardization matters). */
function gaussianRows(rng: Rng, n: number, d: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, (_, j) => (1 + j / 2) * normal(rng) + j));
}

/**
 * Gaussian inliers, plus a fraction of outliers shifted by 5–8 σ in 1–2 random columns, in both train (contaminated,
 * as PyOD assumes) and test; the test labels mark the shifted rows.
 */
export function gaussianWithOutliers(seed: number, nTrain = 400, nTest = 200, d = 5, fraction = 0.05): LabelledSet {
  const rng = createRng(seed);
  const plant = (rows: number[][]): number[] =>
    rows.map((r) => {
      if (rng.next() >= fraction) return 0;
      for (let k = 0; k < 1 + rng.int(2); k++) {
        const j = rng.int(d);
        r[j] = r[j]! + (rng.next() < 0.5 ? -1 : 1) * (5 + 3 * rng.next()) * (1 + j / 2);
      }
      return 1;
    });
  const train = gaussianRows(rng, nTrain, d);
  plant(train);
  const test = gaussianRows(rng, nTest, d);
  const labels = plant(test);
  return { train: fromRows(train), test: fromRows(test), labels };
}

/**
 * Six columns driven by two latent factors plus noise (strong but not perfect correlation); test outliers keep each
 * column in range but break the correlation (one column's factor term sign-flipped).
 */
export function correlated(seed: number, nTrain = 300, nTest = 150): LabelledSet {
  const rng = createRng(seed);
  const loadings = [
    [1, 0.2],
    [0.8, -0.5],
    [0.3, 1],
    [-0.6, 0.7],
    [0.5, 0.5],
    [1.2, -0.1],
  ];
  const make = (n: number, breakFraction: number): { rows: number[][]; labels: number[] } => {
    const labels: number[] = [];
    const rows = Array.from({ length: n }, () => {
      const f = [normal(rng), normal(rng)];
      const r = loadings.map(([a, b]) => 3 * (a! * f[0]! + b! * f[1]!) + 0.4 * normal(rng) + 10);
      const broken = rng.next() < breakFraction;
      if (broken) {
        const j = rng.int(r.length);
        r[j] = 20 - r[j]!; // mirror around the column centre
      }
      labels.push(broken ? 1 : 0);
      return r;
    });
    return { rows, labels };
  };
  const train = make(nTrain, 0);
  const test = make(nTest, 0.1);
  return { train: fromRows(train.rows), test: fromRows(test.rows), labels: test.labels };
}

/** SKAB v0.9 at ../shared/datasets beside the repository root (CI copies shared/ there); GPL-3.0, read in place. */
export const SKAB_DIR = fileURLToPath(new URL('../../../../../shared/datasets/skab/', import.meta.url));

/**
 * One SKAB experiment split as its official protocol does: the first 400 rows train (assumed normal), the rest test,
 * labelled by the `anomaly` column. Features: the 8 sensor columns.
 */
export function skab(file: string, trainRows = 400): LabelledSet {
  const path = `${SKAB_DIR}${file}`;
  if (!existsSync(path)) throw new Error(`SKAB file not found at ${path} (expected ../shared/datasets/skab beside the repo)`);
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = header!.split(';');
  const anomaly = cols.indexOf('anomaly');
  if (cols.length !== 11 || anomaly !== 9) throw new Error(`${file}: unexpected SKAB header ${header}`);
  const rows = lines.map((l) => l.split(';'));
  const features = rows.map((r) => r.slice(1, 9).map(Number));
  const labels = rows.map((r) => Number(r[anomaly]));
  return { train: fromRows(features.slice(0, trainRows)), test: fromRows(features.slice(trainRows)), labels: labels.slice(trainRows) };
}

/**
 * Heavy ties and degenerate columns for ECOD: small-integer columns (few distinct values), a constant column (skewness
 * undefined → PyOD's 0) and a symmetric two-valued column (skewness exactly 0). No labels of interest.
 */
export function discreteWithConstant(seed: number, nTrain = 200, nTest = 50): LabelledSet {
  const rng = createRng(seed);
  const rows = (n: number): number[][] =>
    Array.from({ length: n }, (_, i) => [Math.round(2 * normal(rng)), Math.round(rng.next() * 4) ** 2, 7, i % 2 === 0 ? -1 : 1]);
  return { train: fromRows(rows(nTrain)), test: fromRows(rows(nTest)), labels: new Array<number>(nTest).fill(0) };
}
