import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng, type Matrix } from '../../src';

/**
 * Window features of NASA C-MAPSS for the gradient-boosted-trees reference test, built here on purpose (not with
 * src/rul's data handling) so the comparison with xgboost depends only on the trees: for each row (unit, cycle t),
 * for each of the 14 informative sensors, the last value, the mean and the least-squares slope over the last 30
 * cycles (fewer at the start of a unit; slope 0 for one cycle), and the cycle t itself: 43 columns.
 */
export const CMAPSS_DIR = fileURLToPath(new URL('../../../../../shared/datasets/cmapss/', import.meta.url));

/** Sensors s2, s3, s4, s7, s8, s9, s11, s12, s13, s14, s15, s17, s20, s21 (the others are constant in FD001). */
export const INFORMATIVE_SENSORS = [2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 17, 20, 21] as const;
const WINDOW = 30;
export const FEATURE_COUNT = 3 * INFORMATIVE_SENSORS.length + 1;

/** The rows of one unit, in cycle order: the 21 sensor values per cycle (index k − 1 for s_k). */
export interface CmapssUnit {
  readonly unit: number;
  readonly sensors: number[][];
}

/** Units of a C-MAPSS text file (unit, cycle, 3 settings, 21 sensors per line), each unit's cycles in order. */
export function readCmapss(file: string): CmapssUnit[] {
  const path = `${CMAPSS_DIR}${file}`;
  if (!existsSync(path)) throw new Error(`C-MAPSS file not found at ${path} (expected ../shared/datasets/cmapss beside the repo)`);
  const units = new Map<number, { cycle: number; sensors: number[] }[]>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const v = line.trim().split(/\s+/).map(Number);
    if (v.length < 26) continue;
    const rows = units.get(v[0]!) ?? [];
    rows.push({ cycle: v[1]!, sensors: v.slice(5, 26) });
    units.set(v[0]!, rows);
  }
  return [...units.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([unit, rows]) => ({ unit, sensors: rows.sort((a, b) => a.cycle - b.cycle).map((r) => r.sensors) }));
}

/** The true RULs of RUL_FD00X.txt, one per test unit in unit order. */
export function readRul(file: string): number[] {
  return readFileSync(`${CMAPSS_DIR}${file}`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
}

/** Features of cycle index t (0-based) of a unit, written into `out` at `offset`. */
function windowFeatures(u: CmapssUnit, t: number, out: Float64Array, offset: number): void {
  const start = Math.max(0, t - WINDOW + 1);
  const m = t - start + 1;
  const meanX = (m - 1) / 2;
  let sxx = 0;
  for (let k = 0; k < m; k++) sxx += (k - meanX) ** 2;
  INFORMATIVE_SENSORS.forEach((s, j) => {
    let sum = 0;
    for (let k = start; k <= t; k++) sum += u.sensors[k]![s - 1]!;
    const mean = sum / m;
    let sxy = 0;
    for (let k = start; k <= t; k++) sxy += (k - start - meanX) * (u.sensors[k]![s - 1]! - mean);
    out[offset + 3 * j] = u.sensors[t]![s - 1]!;
    out[offset + 3 * j + 1] = mean;
    out[offset + 3 * j + 2] = sxx > 0 ? sxy / sxx : 0;
  });
  out[offset + FEATURE_COUNT - 1] = t + 1;
}

/** Every cycle of every unit as a feature row, target min(RUL, cap) with RUL = last cycle − cycle. */
export function trainingRows(units: readonly CmapssUnit[], cap = 125): { X: Matrix; y: Float64Array } {
  const rows = units.reduce((a, u) => a + u.sensors.length, 0);
  const X = { rows, cols: FEATURE_COUNT, data: new Float64Array(rows * FEATURE_COUNT) };
  const y = new Float64Array(rows);
  let i = 0;
  for (const u of units) {
    for (let t = 0; t < u.sensors.length; t++, i++) {
      windowFeatures(u, t, X.data, i * FEATURE_COUNT);
      y[i] = Math.min(u.sensors.length - 1 - t, cap);
    }
  }
  return { X, y };
}

/** The last cycle of each unit as a feature row (the C-MAPSS test protocol). */
export function lastCycleRows(units: readonly CmapssUnit[]): Matrix {
  const X = { rows: units.length, cols: FEATURE_COUNT, data: new Float64Array(units.length * FEATURE_COUNT) };
  units.forEach((u, i) => windowFeatures(u, u.sensors.length - 1, X.data, i * FEATURE_COUNT));
  return X;
}

/** Units split at random (seeded): `heldOut` of them in the second part. */
export function splitUnits(units: readonly CmapssUnit[], heldOut: number, seed: number): [CmapssUnit[], CmapssUnit[]] {
  const rng = createRng(seed);
  const order = units.slice();
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const held = new Set(order.slice(0, heldOut).map((u) => u.unit));
  return [units.filter((u) => !held.has(u.unit)), units.filter((u) => held.has(u.unit))];
}
