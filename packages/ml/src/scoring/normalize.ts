import { MlError } from '../errors';
import { quantile } from './pot';

/**
 * How a detector's raw scores map to [0, 1], calibrated on scores of normal rows:
 * - `ecdf`: the fraction of calibration scores ≤ s (0 below all, 1 from the largest on): comparable ranks, but every
 *   score beyond the calibration range saturates at 1;
 * - `robust` (default): z = (s − median) / (q_at − median), n = max(z, 0) / (1 + max(z, 0)) — 0 up to the calibration
 *   median, ½ at its `at` quantile (default 0.99), → 1 as s grows, so magnitudes beyond the calibration range survive.
 */
export type NormalizationMethod = 'ecdf' | 'robust';

export interface NormalizerState {
  readonly method: NormalizationMethod;
  /** ecdf: the sorted calibration scores; robust: [median, q_at]. */
  readonly points: number[];
}

export class ScoreNormalizer {
  private constructor(private readonly state: NormalizerState) {}

  /** Fails with ML_BAD_INPUT on no scores, a non-finite score, or `at` outside (0.5, 1). */
  static fit(calibration: ArrayLike<number>, method: NormalizationMethod = 'robust', at = 0.99): ScoreNormalizer {
    const sorted = Float64Array.from(calibration).sort();
    if (sorted.length === 0 || !sorted.every(Number.isFinite))
      throw new MlError('ML_BAD_INPUT', 'calibration scores must be finite and non-empty');
    if (!(at > 0.5 && at < 1)) throw new MlError('ML_BAD_INPUT', `at ${at} is not in (0.5, 1)`);
    if (method === 'ecdf') return new ScoreNormalizer({ method, points: Array.from(sorted) });
    if (method !== 'robust') throw new MlError('ML_BAD_INPUT', `unknown normalization ${String(method)}`);
    const median = quantile(sorted, 0.5);
    let high = quantile(sorted, at);
    // A calibration set with no spread above its median still needs a positive unit.
    if (!(high > median)) high = median + Math.max(Math.abs(median) * 1e-6, 1e-12);
    return new ScoreNormalizer({ method, points: [median, high] });
  }

  static fromState(state: unknown): ScoreNormalizer {
    const s = state as Partial<NormalizerState> | null;
    const points = s?.points;
    const okPoints = Array.isArray(points) && points.length > 0 && points.every((p) => typeof p === 'number' && Number.isFinite(p));
    if (!okPoints || (s?.method !== 'ecdf' && !(s?.method === 'robust' && points.length === 2 && points[1]! > points[0]!))) {
      throw new MlError('ML_BAD_STATE', 'normalizer state is not { method: ecdf | robust, points: finite number[] }');
    }
    return new ScoreNormalizer({ method: s.method, points: [...points] });
  }

  normalize(scores: ArrayLike<number>): Float64Array {
    const out = new Float64Array(scores.length);
    const p = this.state.points;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i]!;
      if (this.state.method === 'ecdf') out[i] = upperBound(p, s) / p.length;
      else {
        const z = Math.max((s - p[0]!) / (p[1]! - p[0]!), 0);
        out[i] = z / (1 + z);
      }
    }
    return out;
  }

  serialize(): NormalizerState {
    return { method: this.state.method, points: [...this.state.points] };
  }
}

/** Number of sorted values ≤ x. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
