/**
 * Features of each cycle of a unit's history for gradient-boosted RUL trees, computed on RulPreprocessor's output
 * (selected sensors, standardised within their operating regime). For a row at cycle index t and each sensor: the
 * value at t, the mean over the last `short` and the last `long` cycles, the least-squares slope over the last `long`
 * cycles, and the drift — the `long` mean minus the mean of the unit's first `long` cycles (each engine starts with its
 * own, unknown wear; the drift removes it). Plus the cycle number itself. Fewer cycles are used where a unit is younger
 * than a window (slope 0 on one cycle), so every row has every feature: nothing is padded. Prefix sums make a row
 * O(sensors), so all 61k training rows of C-MAPSS FD004 take well under a second. The history must start at the unit's
 * first cycle (since new or overhauled): the drift and the cycle number read it.
 * Optional, appended after `cycle`: exponentially weighted means of each sensor at the given spans (`ewm`; weights
 * (1 − α)^age with α = 2/(span + 1), normalised over the cycles seen, so the first rows are not biased towards 0); and,
 * with `regimes` > 1 and a `regime` per cycle, the unit's operating history: the current regime and the cycles spent
 * so far in each regime (wear in C-MAPSS FD002/FD004 depends on the conditions flown, which per-regime standardised
 * values alone do not tell). Used by the RUL service's C-MAPSS models and by bench/cmapss.bench.ts.
 */
import { MlError } from '../errors';
import type { Matrix } from '../linalg/matrix';
import type { PreparedUnit } from './windows';

export interface HistoryFeatureOptions {
  /** Long window, in cycles (mean, slope, drift). Default 30. */
  readonly long?: number;
  /** Short window, in cycles (mean). Default 5. */
  readonly short?: number;
  /** Spans of exponentially weighted means per sensor (each ≥ 1). Default none. */
  readonly ewm?: readonly number[];
  /** Number of operating regimes; above 1, adds the current regime and the cycles spent in each (units need `regime`). */
  readonly regimes?: number;
}

/** A prepared unit with, for the operating-history features, the regime id of each cycle. */
export type HistoryUnit = PreparedUnit & { readonly regime?: ArrayLike<number> };

/** Per-sensor features in column order (sensor-major), then `cycle`. */
export const HISTORY_FEATURES_PER_SENSOR = ['last', 'meanShort', 'meanLong', 'slopeLong', 'drift'] as const;

/** Column names of the feature matrix for the given sensor names and options. */
export function historyFeatureNames(sensors: readonly string[], options: HistoryFeatureOptions = {}): string[] {
  const { ewm = [], regimes = 1 } = options;
  return [
    ...sensors.flatMap((s) => HISTORY_FEATURES_PER_SENSOR.map((f) => `${s}:${f}`)),
    'cycle',
    ...ewm.flatMap((span) => sensors.map((s) => `${s}:ewm${span}`)),
    ...(regimes > 1 ? ['regime', ...Array.from({ length: regimes }, (_, k) => `cyclesInRegime${k}`)] : []),
  ];
}

/**
 * Feature rows of the given units: every cycle (`rows: 'all'`, training) or only each unit's last cycle
 * (`rows: 'last'`, prediction). Rows follow the units' order, cycles ascending.
 */
export function historyFeatures(units: readonly HistoryUnit[], rows: 'all' | 'last', options: HistoryFeatureOptions = {}): Matrix {
  const { long = 30, short = 5, ewm = [], regimes = 1 } = options;
  if (!Number.isInteger(long) || !Number.isInteger(short) || short < 1 || long < short)
    throw new MlError('ML_BAD_INPUT', `window lengths want integers 1 ≤ short ≤ long, got short ${short}, long ${long}`);
  if (!ewm.every((span) => span >= 1)) throw new MlError('ML_BAD_INPUT', `ewm spans want numbers ≥ 1, got ${ewm.join(', ')}`);
  if (!Number.isInteger(regimes) || regimes < 1) throw new MlError('ML_BAD_INPUT', `regimes wants an integer ≥ 1, got ${regimes}`);
  const d = units[0]?.features.cols ?? 0;
  const history = regimes > 1 ? regimes + 1 : 0;
  const base = d * HISTORY_FEATURES_PER_SENSOR.length + 1;
  const cols = base + ewm.length * d + history;
  const count = rows === 'all' ? units.reduce((s, u) => s + u.features.rows, 0) : units.length;
  const out = new Float64Array(count * cols);
  let r = 0;
  for (const u of units) {
    const n = u.features.rows;
    const sums = prefixSums(u.features);
    const smooth = ewm.map((span) => ewmMeans(u.features, 2 / (span + 1)));
    const spent = history > 0 ? regimeHistory(u, regimes) : undefined;
    for (let t = rows === 'all' ? 0 : n - 1; t < n; t++, r++) {
      const row = out.subarray(r * cols, (r + 1) * cols);
      writeRow(u, t, sums, { long, short }, row);
      smooth.forEach((m, e) => row.set(m.subarray(t * d, (t + 1) * d), base + e * d));
      if (spent) row.set(spent.subarray(t * history, (t + 1) * history), base + ewm.length * d);
    }
  }
  return { rows: count, cols, data: out };
}

/** Bias-corrected exponentially weighted means, n × d: Σ (1 − α)^(t − i) x_i / Σ (1 − α)^(t − i) over i ≤ t. */
function ewmMeans(m: Matrix, alpha: number): Float64Array {
  const { rows: n, cols: d, data } = m;
  const out = new Float64Array(n * d);
  const num = new Float64Array(d);
  let den = 0;
  for (let i = 0; i < n; i++) {
    den = 1 + (1 - alpha) * den;
    for (let j = 0; j < d; j++) {
      num[j] = data[i * d + j]! + (1 - alpha) * num[j]!;
      out[i * d + j] = num[j]! / den;
    }
  }
  return out;
}

/** Per cycle: the regime id, then the cycles spent so far (this one included) in each of `regimes` regimes. */
function regimeHistory(u: HistoryUnit, regimes: number): Float64Array {
  const n = u.features.rows;
  if (u.regime === undefined || u.regime.length !== n)
    throw new MlError('ML_BAD_INPUT', `unit ${u.unit}: operating-history features want a regime per cycle (${n})`);
  const width = regimes + 1;
  const out = new Float64Array(n * width);
  const spent = new Float64Array(regimes);
  for (let t = 0; t < n; t++) {
    const k = u.regime[t]!;
    if (!Number.isInteger(k) || k < 0 || k >= regimes)
      throw new MlError('ML_BAD_INPUT', `unit ${u.unit}: regime ${k} at cycle index ${t} is not in [0, ${regimes})`);
    spent[k] = spent[k]! + 1;
    out[t * width] = k;
    out.set(spent, t * width + 1);
  }
  return out;
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
    const k = j * HISTORY_FEATURES_PER_SENSOR.length;
    row[k] = u.features.data[t * d + j]!;
    row[k + 1] = (s[(t + 1) * d + j]! - s[as * d + j]!) / (t - as + 1);
    row[k + 2] = meanLong;
    row[k + 3] = sxx > 0 ? (sumI - centre * sumLong) / sxx : 0;
    row[k + 4] = meanLong - s[first * d + j]! / first;
  }
  row[d * HISTORY_FEATURES_PER_SENSOR.length] = u.cycles[t]!;
}
