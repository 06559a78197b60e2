/** The objectives of `GradientBoostedTrees`: gradients, the starting constant and the validation loss of each. */
import type { ResolvedGbdtOptions } from './gbdt-options';

export interface GbdtLoss {
  /** Name of `metric`, as xgboost names its evaluation metric ('rmse', 'mphe', 'quantile'). */
  readonly metricName: string;
  /**
   * For the quantile loss, α: each leaf's value is then replaced by the α-quantile of the residuals y − ŷ of its
   * training rows (xgboost's adaptive leaves, as gradient boosting does for the absolute error); null otherwise.
   */
  readonly leafQuantile: number | null;
  /** First and second derivatives of the loss w.r.t. the prediction, per row. */
  gradients(y: Float64Array, pred: Float64Array, grad: Float64Array, hess: Float64Array): void;
  /** The constant the boosting starts from: the loss minimiser over y (mean, median, α-quantile). */
  baseScore(y: Float64Array): number;
  /** Loss over a data set (lower is better), watched by early stopping. */
  metric(y: Float64Array, pred: Float64Array): number;
}

export function createLoss(o: Pick<ResolvedGbdtOptions, 'objective' | 'huberSlope' | 'quantileAlpha'>): GbdtLoss {
  switch (o.objective) {
    case 'squared-error':
      return squaredError;
    case 'pseudo-huber':
      return pseudoHuber(o.huberSlope);
    case 'quantile':
      return pinball(o.quantileAlpha);
  }
}

const squaredError: GbdtLoss = {
  metricName: 'rmse',
  leafQuantile: null,
  gradients(y, pred, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      grad[i] = pred[i]! - y[i]!;
      hess[i] = 1;
    }
  },
  baseScore: (y) => y.reduce((a, v) => a + v, 0) / y.length,
  metric(y, pred) {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += (pred[i]! - y[i]!) ** 2;
    return Math.sqrt(s / y.length);
  },
};

/** δ²(√(1 + (r/δ)²) − 1): quadratic near 0, linear (slope δ) in the tails, smooth everywhere (xgboost's reg:pseudohubererror). */
function pseudoHuber(delta: number): GbdtLoss {
  return {
    metricName: 'mphe',
    leafQuantile: null,
    gradients(y, pred, grad, hess) {
      for (let i = 0; i < y.length; i++) {
        const r = pred[i]! - y[i]!;
        const s = 1 + (r / delta) ** 2;
        const root = Math.sqrt(s);
        grad[i] = r / root;
        hess[i] = 1 / (s * root);
      }
    },
    baseScore: (y) => quantileOf(Float64Array.from(y).sort(), 0.5),
    metric(y, pred) {
      let s = 0;
      for (let i = 0; i < y.length; i++) s += delta * delta * (Math.sqrt(1 + ((pred[i]! - y[i]!) / delta) ** 2) - 1);
      return s / y.length;
    },
  };
}

/** Pinball loss max(α r, (α − 1) r), r = y − ŷ: minimised by the α-quantile (xgboost's reg:quantileerror). */
function pinball(alpha: number): GbdtLoss {
  return {
    metricName: 'quantile',
    leafQuantile: alpha,
    gradients(y, pred, grad, hess) {
      for (let i = 0; i < y.length; i++) {
        grad[i] = pred[i]! >= y[i]! ? 1 - alpha : -alpha;
        hess[i] = 1;
      }
    },
    baseScore: (y) => quantileOf(Float64Array.from(y).sort(), alpha),
    metric(y, pred) {
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        const r = y[i]! - pred[i]!;
        s += r >= 0 ? alpha * r : (alpha - 1) * r;
      }
      return s / y.length;
    },
  };
}

/** The α-quantile of ascending values, linearly interpolated at position α(n − 1) (numpy's default). */
export function quantileOf(sorted: Float64Array, alpha: number): number {
  const pos = alpha * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}
