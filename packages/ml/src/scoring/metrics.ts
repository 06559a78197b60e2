import { MlError } from '../errors';

/** Point-wise confusion counts of binary labels (1 = anomaly). */
export interface Confusion {
  readonly tp: number;
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
}

/** Counts over aligned label and prediction arrays (any non-zero is 1). Fails with ML_BAD_INPUT on unequal lengths. */
export function confusion(truth: ArrayLike<number>, predicted: ArrayLike<number>): Confusion {
  if (truth.length !== predicted.length)
    throw new MlError('ML_BAD_INPUT', `labels (${truth.length}) and predictions (${predicted.length}) differ in length`);
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] !== 0;
    const p = predicted[i] !== 0;
    if (t && p) tp++;
    else if (t) fn++;
    else if (p) fp++;
    else tn++;
  }
  return { tp, tn, fp, fn };
}

/** Sums per-file counts: SKAB aggregates over all scored points of all files before taking ratios. */
export function addConfusions(all: readonly Confusion[]): Confusion {
  return all.reduce((a, c) => ({ tp: a.tp + c.tp, tn: a.tn + c.tn, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, tn: 0, fp: 0, fn: 0 });
}

/**
 * SKAB's outlier metrics (waico/SKAB core/metrics.py `chp_score(metric='binary')`, unrounded, as fractions not %):
 * F1 = TP / (TP + (FP + FN)/2), FAR = FP / (FP + TN), MAR = FN / (FN + TP). A ratio with a zero denominator is 0.
 */
export function binaryMetrics(c: Confusion): { f1: number; far: number; mar: number } {
  const ratio = (num: number, den: number): number => (den > 0 ? num / den : 0);
  return { f1: ratio(c.tp, c.tp + (c.fp + c.fn) / 2), far: ratio(c.fp, c.fp + c.tn), mar: ratio(c.fn, c.fn + c.tp) };
}
