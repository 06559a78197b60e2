import { MlError } from '../errors';

/** Root mean squared error over units, d = predicted − true. */
export function rmse(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  check(predicted, truth);
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (predicted[i]! - truth[i]!) ** 2;
  return Math.sqrt(s / truth.length);
}

/**
 * PHM08 challenge score (Saxena et al. 2008): Σ e^(−d/13) − 1 for d < 0 (early), e^(d/10) − 1 for d ≥ 0 (late),
 * d = predicted − true. Lower is better; late predictions cost more, and one wild unit can dominate.
 */
export function phm08Score(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  check(predicted, truth);
  let s = 0;
  for (let i = 0; i < truth.length; i++) {
    const d = predicted[i]! - truth[i]!;
    s += d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
  }
  return s;
}

/** Share of values inside their closed interval [lower, upper]; an upper bound of +Infinity leaves an interval open above. */
export function intervalCoverage(truth: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  check(lower, truth);
  check(upper, truth, true);
  let inside = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i]! >= lower[i]! && truth[i]! <= upper[i]!) inside++;
  return inside / truth.length;
}

/** Mean width of the intervals (a coverage is only as good as the width it costs). */
export function meanIntervalWidth(lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  check(lower, upper);
  let s = 0;
  for (let i = 0; i < lower.length; i++) s += upper[i]! - lower[i]!;
  return s / lower.length;
}

/** Same non-zero length, every value finite (`a` may hold +Infinity when `openAbove`). */
function check(a: ArrayLike<number>, b: ArrayLike<number>, openAbove = false): void {
  if (a.length !== b.length) throw new MlError('ML_BAD_INPUT', `arrays differ in length (${a.length} vs ${b.length})`);
  if (a.length === 0) throw new MlError('ML_BAD_INPUT', 'no value to score');
  for (const [arr, open] of [
    [a, openAbove],
    [b, false],
  ] as const)
    for (let i = 0; i < arr.length; i++)
      if (!Number.isFinite(arr[i]!) && !(open && arr[i] === Infinity))
        throw new MlError('ML_BAD_INPUT', `non-finite value at ${i}`, { index: i });
}
