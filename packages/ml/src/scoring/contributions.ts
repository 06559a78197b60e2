import { MlError } from '../errors';
import type { Detector } from '../detectors/detector';
import { assertMatrix, type Matrix } from '../linalg/matrix';

/** A detector that can say how much each column drives each row's score (shares ≥ 0 summing to 1 per row). */
export interface ContributionSource {
  contributions(X: Matrix): Matrix;
}

export function hasContributions(detector: Detector): detector is Detector & ContributionSource {
  return typeof (detector as Partial<ContributionSource>).contributions === 'function';
}

/**
 * Per-row, per-column shares of a detector's score: the detector's own when it has them (MSET: squared residual
 * shares), else leave-one-feature-out — column j replaced by `reference[j]` (e.g. the training median), the share is
 * the score drop max(0, s − s₋ⱼ), normalised per row (all 0 when no column lowers the score). That costs d + 1 scorings.
 */
export function featureContributions(detector: Detector, X: Matrix, reference: ArrayLike<number>): Matrix {
  if (hasContributions(detector)) return detector.contributions(X);
  assertMatrix(X, 'X');
  if (reference.length !== X.cols) throw new MlError('ML_BAD_INPUT', `reference has ${reference.length} values for ${X.cols} columns`);
  const base = detector.score(X);
  const out: Matrix = { rows: X.rows, cols: X.cols, data: new Float64Array(X.rows * X.cols) };
  const probe = { rows: X.rows, cols: X.cols, data: X.data.slice() };
  for (let j = 0; j < X.cols; j++) {
    for (let i = 0; i < X.rows; i++) probe.data[i * X.cols + j] = reference[j]!;
    const without = detector.score(probe);
    for (let i = 0; i < X.rows; i++) {
      out.data[i * X.cols + j] = Math.max(0, base[i]! - without[i]!);
      probe.data[i * X.cols + j] = X.data[i * X.cols + j]!;
    }
  }
  normalizeRows(out);
  return out;
}

/** Scales each row to sum 1 (rows summing to 0 stay 0). */
export function normalizeRows(m: Matrix): void {
  for (let i = 0; i < m.rows; i++) {
    const row = m.data.subarray(i * m.cols, (i + 1) * m.cols);
    const total = row.reduce((a, b) => a + b, 0);
    if (total > 0) for (let j = 0; j < m.cols; j++) row[j]! /= total;
  }
}

export interface Contributor {
  readonly feature: string;
  /** The sensor the feature is computed from (a feature `Pressure:mean30` belongs to sensor `Pressure`). */
  readonly sensor: string;
  readonly share: number;
}

/**
 * The `k` largest shares of one row, largest first, with feature and sensor names; `sensorOf` defaults to the name up
 * to the first ':'. Also returns the shares summed per sensor, largest first.
 */
export function topContributors(
  shares: ArrayLike<number>,
  features: readonly string[],
  k = 3,
  sensorOf: (feature: string) => string = (f) => f.split(':')[0]!,
): { features: Contributor[]; sensors: { sensor: string; share: number }[] } {
  if (shares.length !== features.length) throw new MlError('ML_BAD_INPUT', `${shares.length} shares for ${features.length} feature names`);
  const all = features.map((feature, j) => ({ feature, sensor: sensorOf(feature), share: shares[j]! }));
  const bySensor = new Map<string, number>();
  for (const c of all) bySensor.set(c.sensor, (bySensor.get(c.sensor) ?? 0) + c.share);
  const sensors = [...bySensor].map(([sensor, share]) => ({ sensor, share })).sort((a, b) => b.share - a.share);
  return { features: all.sort((a, b) => b.share - a.share).slice(0, k), sensors: sensors.slice(0, k) };
}
