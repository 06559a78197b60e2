import { linearFit, median } from '@vigie/signal';

export interface TrendPoint {
  /** Epoch ms (plant time) of the window end. */
  ts: number;
  /** The degradation signal, e.g. vibration RMS in mm/s. */
  value: number;
}

export interface TrendParams {
  /** Level at which the machine is considered failed (ISO 10816 zone D for vibration velocity). */
  failureLimit: number;
  /** Nominal coverage of the interval. */
  level: number;
  /** Slope t-statistic below which no degradation trend is claimed. */
  minSignificance: number;
  /**
   * Health index above which no RUL is claimed: a healthy machine's noise and load swings can fit a "significant"
   * slope by chance, so a trend only counts once the signal has clearly left its baseline.
   */
  onsetHealth: number;
}

export interface TrendRul {
  rulHours: number;
  lowerHours: number;
  upperHours: number;
  healthIndex: number;
}

const HOUR = 3_600_000;
/** RUL reported when the slope's interval does not exclude zero on the slow side: one year, clearly "not soon". */
const HORIZON_HOURS = 8760;

/**
 * Health index in [0, 1]: where the current level sits between the healthy baseline and the failure limit on a
 * logarithmic scale (wear grows exponentially, so equal ratios are equal steps of health).
 */
export function healthIndex(value: number, baseline: number, limit: number): number {
  if (value <= baseline) return 1;
  if (value >= limit) return 0;
  return 1 - Math.log(value / baseline) / Math.log(limit / baseline);
}

/** Two-sided normal quantile for the interval (Acklam-free: the few levels we use are exact enough by bisection). */
export function normalQuantile(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function normalCdf(x: number): number {
  // Abramowitz–Stegun 7.1.26 for erf, error < 1.5e-7.
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/**
 * Exponential degradation model: ln(value) is fitted linearly in time over recent windows and extrapolated to
 * ln(failureLimit). The interval comes from the slope's standard error (faster slope → lower bound). Returns null
 * when there is no significant upward trend or the signal is still near its baseline: no RUL is claimed for a machine
 * that is not degrading.
 */
export function trendRul(points: readonly TrendPoint[], baseline: number, p: TrendParams): TrendRul | null {
  if (points.length < 4) return null;
  const t0 = points[0]!.ts;
  const x = points.map((q) => (q.ts - t0) / HOUR);
  const y = points.map((q) => Math.log(Math.max(q.value, 1e-9)));
  const last = points[points.length - 1]!;
  const health = healthIndex(last.value, baseline, p.failureLimit);
  if (health === 0) return { rulHours: 0, lowerHours: 0, upperHours: 0, healthIndex: 0 };
  if (health > p.onsetHealth) return null;
  let fit;
  try {
    fit = linearFit(x, y);
  } catch {
    return null;
  }
  const t = fit.slopeStdErr > 0 ? fit.slope / fit.slopeStdErr : fit.slope > 0 ? Infinity : 0;
  if (fit.slope <= 0 || t < p.minSignificance) return null;
  const xNow = x[x.length - 1]!;
  const yNow = fit.intercept + fit.slope * xNow;
  const distance = Math.max(0, Math.log(p.failureLimit) - yNow);
  const q = normalQuantile(1 - (1 - p.level) / 2);
  const fast = fit.slope + q * fit.slopeStdErr;
  const slow = fit.slope - q * fit.slopeStdErr;
  const rul = Math.min(HORIZON_HOURS, distance / fit.slope);
  return {
    rulHours: rul,
    lowerHours: Math.min(rul, distance / fast),
    upperHours: slow > 0 ? Math.min(HORIZON_HOURS, Math.max(rul, distance / slow)) : HORIZON_HOURS,
    healthIndex: health,
  };
}

/** Linear extrapolation of a posted health-index history to zero (for `POST /predict` with a history). */
export function healthHistoryRul(history: readonly { ts: number; health: number }[], level: number): TrendRul | null {
  if (history.length < 3) return null;
  const t0 = history[0]!.ts;
  const fit = linearFit(
    history.map((h) => (h.ts - t0) / HOUR),
    history.map((h) => h.health),
  );
  const last = history[history.length - 1]!;
  if (fit.slope >= 0) return null;
  const hNow = Math.max(0, Math.min(1, fit.intercept + fit.slope * ((last.ts - t0) / HOUR)));
  const q = normalQuantile(1 - (1 - level) / 2);
  const fast = -fit.slope + q * fit.slopeStdErr;
  const slow = -fit.slope - q * fit.slopeStdErr;
  const rul = Math.min(HORIZON_HOURS, hNow / -fit.slope);
  return {
    rulHours: rul,
    lowerHours: Math.min(rul, hNow / fast),
    upperHours: slow > 0 ? Math.min(HORIZON_HOURS, Math.max(rul, hNow / slow)) : HORIZON_HOURS,
    healthIndex: hNow,
  };
}

export function baselineOf(values: readonly number[]): number {
  return median(values);
}
