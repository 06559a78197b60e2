import { ConformalCalibrator, isMlError } from '@vigie/ml';

/** Rows scored by a normalised conformal: prediction, σ̂ and target of each. */
export interface ScoredRows {
  readonly predicted: Float64Array;
  readonly difficulty: Float64Array;
  readonly target: Float64Array;
}

/**
 * Coverage of normalised conformal intervals on rows that did not set their quantile: the quantile comes from
 * `calibration` alone (the training units' out-of-fold rows), and the share of `heldOut` targets (the calibration units,
 * scored with the bag) inside [max(0, lower), upper] is returned. The deployed quantile pools both sets, so this is an
 * honest estimate of its coverage on new units — and it fails loudly if out-of-fold scores (one member each) and the
 * bag's scores are not alike. NaN when `heldOut` is empty or `calibration` too small for the level (9 rows at 0.9).
 */
export function heldOutCoverage(calibration: ScoredRows, heldOut: ScoredRows, level: number): number {
  if (heldOut.target.length === 0) return NaN;
  let calibrator: ConformalCalibrator;
  try {
    calibrator = ConformalCalibrator.calibrate('normalized', calibration, calibration.target, level);
  } catch (error) {
    if (isMlError(error, 'ML_BAD_INPUT')) return NaN;
    throw error;
  }
  const interval = calibrator.apply(heldOut);
  let covered = 0;
  heldOut.target.forEach((y, i) => {
    if (y >= Math.max(0, interval.lower[i]!) && y <= interval.upper[i]!) covered++;
  });
  return covered / heldOut.target.length;
}
