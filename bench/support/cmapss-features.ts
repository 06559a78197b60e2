/**
 * Window features of C-MAPSS units for the gradient-boosted trees of bench/cmapss.bench.ts, computed on the
 * RulPreprocessor's output (selected sensors, standardised within their operating regime). For a row at cycle index t
 * and each sensor: the value at t, the mean over the last `short` and the last `long` cycles, the least-squares slope
 * over the last `long` cycles, and the drift — the `long` mean minus the mean of the unit's first `long` cycles (each
 * engine starts with its own, unknown wear; the drift removes it). Plus the cycle number itself. Fewer cycles are
 * used where a unit is younger than a window (slope 0 on one cycle), so every row has every feature: nothing is
 * padded. Prefix sums make a row O(sensors), so all 61k training rows of FD004 take well under a second.
 */
import type { Matrix, PreparedUnit } from '../../packages/ml/src/index';
import { CmapssBenchError } from './cmapss-protocol';

export interface WindowFeatureOptions {
  /** Long window, in cycles (mean, slope, drift). Default 30. */
  readonly long?: number;
  /** Short window, in cycles (mean). Default 5. */
  readonly short?: number;
}

/** Per-sensor features in column order (sensor-major), then `cycle`. */
export const PER_SENSOR = ['last', 'meanShort', 'meanLong', 'slopeLong', 'drift'] as const;

/** Column names of the feature matrix for the given sensor names. */
export function featureNames(sensors: readonly string[]): string[] {
  return [...sensors.flatMap((s) => PER_SENSOR.map((f) => `${s}:${f}`)), 'cycle'];
}

/**
 * Feature rows of the given units: every cycle (`rows: 'all'`, training) or only each unit's last cycle
 * (`rows: 'last'`, prediction). Rows follow the units' order, cycles ascending.
 */
export function windowFeatures(units: readonly PreparedUnit[], rows: 'all' | 'last', options: WindowFeatureOptions = {}): Matrix {
  const { long = 30, short = 5 } = options;
  if (!Number.isInteger(long) || !Number.isInteger(short) || short < 1 || long < short)
    throw new CmapssBenchError('CMAPSS_BENCH_BAD_ARGS', `window lengths want integers 1 ≤ short ≤ long, got short ${short}, long ${long}`);
  const d = units[0]?.features.cols ?? 0;
  const cols = d * PER_SENSOR.length + 1;
  const count = rows === 'all' ? units.reduce((s, u) => s + u.features.rows, 0) : units.length;
  const out = new Float64Array(count * cols);
  let r = 0;
  for (const u of units) {
    const n = u.features.rows;
    const sums = prefixSums(u.features);
    for (let t = rows === 'all' ? 0 : n - 1; t < n; t++, r++) writeRow(u, t, sums, { long, short }, out.subarray(r * cols, (r + 1) * cols));
  }
  return { rows: count, cols, data: out };
}

/** Running Σx and Σ(i·x) per column, (n + 1) × d, so any window's mean and slope are O(1). */
function prefixSums(m: Matrix): { s: Float64Array; si: Float64Array } {
  const { rows: n, cols: d, data } = m;
  const s = new Float64Array((n + 1) * d);
  const si = new Float64Array((n + 1) * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const x = data[i * d + j]!;
      s[(i + 1) * d + j] = s[i * d + j]! + x;
      si[(i + 1) * d + j] = si[i * d + j]! + i * x;
    }
  return { s, si };
}

function writeRow(
  u: PreparedUnit,
  t: number,
  sums: { s: Float64Array; si: Float64Array },
  w: { long: number; short: number },
  row: Float64Array,
): void {
  const d = u.features.cols;
  const { s, si } = sums;
  const a = Math.max(0, t - w.long + 1);
  const m = t - a + 1;
  const as = Math.max(0, t - w.short + 1);
  const first = Math.min(w.long, t + 1);
  // Σ over i in [a, t] of (i − ī)² for ī the window's centre: m(m² − 1)/12.
  const sxx = (m * (m * m - 1)) / 12;
  const centre = (a + t) / 2;
  for (let j = 0; j < d; j++) {
    const sumLong = s[(t + 1) * d + j]! - s[a * d + j]!;
    const meanLong = sumLong / m;
    const sumI = si[(t + 1) * d + j]! - si[a * d + j]!;
    const k = j * PER_SENSOR.length;
    row[k] = u.features.data[t * d + j]!;
    row[k + 1] = (s[(t + 1) * d + j]! - s[as * d + j]!) / (t - as + 1);
    row[k + 2] = meanLong;
    row[k + 3] = sxx > 0 ? (sumI - centre * sumLong) / sxx : 0;
    row[k + 4] = meanLong - s[first * d + j]! / first;
  }
  row[row.length - 1] = u.cycles[t]!;
}
