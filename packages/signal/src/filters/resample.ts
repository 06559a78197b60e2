import { FilterError } from './errors';
import { requireFinite } from './validate';

/** Grid points start + j·periodMs, j ∈ [first, first + length), that fall inside [ts[0], ts[last]]. */
export interface GridRange {
  first: number;
  length: number;
}

function validateGrid(ts: ArrayLike<number>, start: number, periodMs: number, count: number): void {
  if (!Number.isFinite(start)) throw new FilterError('FILTER_GRID_INVALID', { argument: 'start', reason: `${start} is not finite` });
  if (!(Number.isFinite(periodMs) && periodMs > 0)) {
    throw new FilterError('FILTER_GRID_INVALID', { argument: 'periodMs', reason: `${periodMs} is not a finite number > 0` });
  }
  if (!(Number.isInteger(count) && count >= 0)) {
    throw new FilterError('FILTER_GRID_INVALID', { argument: 'count', reason: `${count} is not an integer ≥ 0` });
  }
  requireFinite(ts, 'ts', 'FILTER_GRID_INVALID');
  for (let i = 1; i < ts.length; i++) {
    if (!(ts[i]! > ts[i - 1]!)) {
      throw new FilterError('FILTER_GRID_INVALID', {
        argument: `ts[${i}]`,
        reason: `timestamps must increase strictly (${ts[i - 1]} then ${ts[i]})`,
      });
    }
  }
}

/**
 * Which points of the grid start + j·periodMs (j = 0…count−1, each computed as start + j·periodMs, not accumulated)
 * lie inside the data, ts[0] ≤ t ≤ ts[last]: resampleLinear returns values for exactly these, in order.
 */
export function resampleGridRange(ts: ArrayLike<number>, start: number, periodMs: number, count: number): GridRange {
  validateGrid(ts, start, periodMs, count);
  if (ts.length === 0) return { first: 0, length: 0 };
  const lo = ts[0]!;
  const hi = ts[ts.length - 1]!;
  const at = (j: number): number => start + j * periodMs;
  // Estimate from the division, then settle on the exact comparisons that resampleLinear makes.
  let first = Math.min(count, Math.max(0, Math.ceil((lo - start) / periodMs)));
  while (first < count && at(first) < lo) first++;
  while (first > 0 && at(first - 1) >= lo) first--;
  let end = Math.min(count, Math.max(first, Math.floor((hi - start) / periodMs) + 1));
  while (end > first && at(end - 1) > hi) end--;
  while (end < count && at(end) <= hi) end++;
  return { first, length: Math.max(0, end - first) };
}

/**
 * Linear interpolation of (ts, values) at t = start + j·periodMs, j = 0…count−1, as numpy.interp inside the data:
 * v[k] + (v[k+1] − v[k])/(ts[k+1] − ts[k])·(t − ts[k]) for ts[k] ≤ t < ts[k+1], exactly v[k] when t = ts[k].
 * Grid points before ts[0] or after ts[last] are omitted (no extrapolation): the result holds the points of
 * resampleGridRange(...), first to last. Fails with FILTER_GRID_INVALID (start/period/count, or timestamps not
 * finite and strictly increasing) or FILTER_INPUT_INVALID (lengths differ, values not finite).
 */
export function resampleLinear(
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
  start: number,
  periodMs: number,
  count: number,
): Float64Array {
  if (ts.length !== values.length) {
    throw new FilterError('FILTER_INPUT_INVALID', { argument: 'values', reason: `${values.length} values for ${ts.length} timestamps` });
  }
  const { first, length } = resampleGridRange(ts, start, periodMs, count);
  requireFinite(values, 'values');
  const out = new Float64Array(length);
  const last = ts.length - 1;
  let k = 0;
  for (let j = 0; j < length; j++) {
    const t = start + (first + j) * periodMs;
    while (k < last && ts[k + 1]! <= t) k++;
    if (k === last || ts[k] === t) out[j] = values[k]!;
    else {
      const slope = (values[k + 1]! - values[k]!) / (ts[k + 1]! - ts[k]!);
      out[j] = slope * (t - ts[k]!) + values[k]!;
    }
  }
  return out;
}
