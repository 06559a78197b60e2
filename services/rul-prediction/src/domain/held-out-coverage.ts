import { ConformalCalibrator } from '@vigie/ml';

/**
 * Coverage of normalised conformal intervals on rows that did not set their quantile: the calibration units are split
 * in two halves (alternating in unit order); each half's rows get intervals calibrated on the other half's rows only,
 * and the share of targets inside [max(0, lower), upper] is counted over both halves. The deployed quantile uses every
 * calibration unit, so this is an honest estimate of its coverage on new units (from half as many calibration units).
 * Rows are split by unit because an asset's windows are strongly correlated: a row-wise split would overstate it.
 * NaN with fewer than two calibration units.
 */
export function heldOutCoverage(
  rows: {
    readonly predicted: Float64Array;
    readonly difficulty: Float64Array;
    readonly target: Float64Array;
    readonly unit: ArrayLike<number>;
  },
  level: number,
): number {
  const units = [...new Set(Array.from(rows.unit))].sort((a, b) => a - b);
  if (units.length < 2) return NaN;
  const half = new Map(units.map((u, i) => [u, i % 2]));
  let covered = 0;
  for (const side of [0, 1]) {
    const pick = (own: boolean) => {
      const idx: number[] = [];
      for (let i = 0; i < rows.target.length; i++) if ((half.get(rows.unit[i]!) === side) === own) idx.push(i);
      const take = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]!);
      return { predicted: take(rows.predicted), difficulty: take(rows.difficulty), target: take(rows.target) };
    };
    const cal = pick(false);
    const own = pick(true);
    const conformal = ConformalCalibrator.calibrate('normalized', cal, cal.target, level);
    const interval = conformal.apply(own);
    for (let i = 0; i < own.target.length; i++) {
      const y = own.target[i]!;
      if (y >= Math.max(0, interval.lower[i]!) && y <= interval.upper[i]!) covered++;
    }
  }
  return covered / rows.target.length;
}
