import { FilterError } from './errors';
import { requireFinite } from './validate';

export type DetrendType = 'linear' | 'constant';

/**
 * scipy.signal.detrend(x, type): 'linear' subtracts the least-squares line through (i, xᵢ), i = 0…N−1 (scipy's
 * default), 'constant' subtracts the mean. The line is fitted about the centre of the window, so a large offset
 * (a level of 1e6 with small fluctuations) costs no precision. Needs at least one finite sample.
 */
export function detrend(x: ArrayLike<number>, type: DetrendType = 'linear'): Float64Array {
  if (type !== 'linear' && type !== 'constant') {
    throw new FilterError('FILTER_TYPE_INVALID', { argument: 'type', reason: `${String(type)} is not linear or constant` });
  }
  const n = x.length;
  if (n === 0) throw new FilterError('FILTER_INPUT_INVALID', { argument: 'x', reason: 'detrend needs at least one sample' });
  requireFinite(x, 'x');
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  const mean = sum / n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = x[i]! - mean;
  if (type === 'constant' || n === 1) return out; // a single point is its own line: [0]
  const tMid = (n - 1) / 2;
  let sxy = 0;
  for (let i = 0; i < n; i++) sxy += (i - tMid) * out[i]!;
  const slope = sxy / ((n * (n * n - 1)) / 12); // Σ(i − t̄)² in closed form
  for (let i = 0; i < n; i++) out[i]! -= slope * (i - tMid);
  return out;
}
