import { MlError } from '../errors';

/** A generalised Pareto distribution of excesses y > 0: F(y) = 1 − (1 + γy/σ)^(−1/γ) (γ = 0: 1 − e^(−y/σ)). */
export interface Gpd {
  /** γ (scipy's `c`). */
  readonly shape: number;
  /** σ (scipy's `scale`, with `loc` 0). */
  readonly scale: number;
  readonly logLikelihood: number;
}

/** Log-likelihood of excesses under a GPD; −Infinity outside its support. */
export function gpdLogLikelihood(excesses: ArrayLike<number>, shape: number, scale: number): number {
  const n = excesses.length;
  if (!(scale > 0)) return -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const y = excesses[i]!;
    if (shape === 0) sum += y / scale;
    else {
      const t = 1 + (shape * y) / scale;
      if (!(t > 0)) return -Infinity;
      sum += (1 + 1 / shape) * Math.log(t);
    }
  }
  return -n * Math.log(scale) - sum;
}

/**
 * Maximum-likelihood GPD fit by Grimshaw's method ("Computing maximum likelihood estimates for the generalized Pareto
 * distribution", Technometrics 1993), as SPOT does (Siffer et al., "Anomaly Detection in Streams with Extreme Value
 * Theory", KDD 2017): with x = γ/σ, a stationary point solves u(x)·v(x) = 1, u = mean 1/(1 + xY), v = 1 + mean log(1 + xY),
 * then γ = v − 1, σ = γ/x. Roots are bracketed on a dense grid of (−1/max Y, 0) and (0, 2(Ȳ − min Y)/min Y²] and refined
 * by bisection; the exponential case (x → 0: γ = 0, σ = Ȳ) is always a candidate; the candidate of highest likelihood
 * wins. Fails with ML_BAD_INPUT on fewer than 2 excesses or one that is not > 0 and finite.
 */
export function fitGpd(excesses: ArrayLike<number>): Gpd {
  const n = excesses.length;
  if (n < 2) throw new MlError('ML_BAD_INPUT', `a GPD fit needs at least 2 excesses, got ${n}`);
  let max = 0;
  let min = Infinity;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const y = excesses[i]!;
    if (!(Number.isFinite(y) && y > 0)) throw new MlError('ML_BAD_INPUT', `excess ${i} is ${y}, expected a finite number > 0`);
    max = Math.max(max, y);
    min = Math.min(min, y);
    mean += y / n;
  }
  const w = (x: number): number => {
    let u = 0;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const t = 1 + x * excesses[i]!;
      u += 1 / t;
      v += Math.log(t);
    }
    return (u / n) * (1 + v / n) - 1;
  };
  const candidates: Gpd[] = [{ shape: 0, scale: mean, logLikelihood: gpdLogLikelihood(excesses, 0, mean) }];
  const lower = -1 / max;
  const upper = min > 0 ? (2 * (mean - min)) / (min * min) : 0;
  const grids = [geometricGrid(lower, -1e-10 * Math.abs(lower)), upper > 0 ? geometricGrid(upper, 1e-10 * upper) : []];
  for (const grid of grids) {
    for (let k = 1; k < grid.length; k++) {
      const a = grid[k - 1]!;
      const b = grid[k]!;
      if (Math.sign(w(a)) === Math.sign(w(b))) continue;
      const x = bisect(w, a, b);
      let v = 0;
      for (let i = 0; i < n; i++) v += Math.log(1 + x * excesses[i]!);
      const shape = v / n;
      const scale = shape / x;
      if (scale > 0) candidates.push({ shape, scale, logLikelihood: gpdLogLikelihood(excesses, shape, scale) });
    }
  }
  return candidates.reduce((best, c) => (c.logLikelihood > best.logLikelihood ? c : best));
}

/** Points from `end` (the far end, excluded) to `near` (the end by 0), geometrically denser near 0, in increasing order. */
function geometricGrid(end: number, near: number): number[] {
  const steps = 400;
  const points: number[] = [];
  const ratio = Math.pow(Math.abs(end / near), 1 / steps);
  for (let k = 0; k <= steps; k++) points.push(near * Math.pow(ratio, k));
  // shrink the far end by a hair so 1 + xY stays > 0 at x = −1/max Y
  points[steps] = end * (1 - 1e-9);
  return end < 0 ? points.reverse() : points;
}

function bisect(f: (x: number) => number, a: number, b: number): number {
  let fa = f(a);
  for (let it = 0; it < 200 && Math.abs(b - a) > 1e-15 * Math.max(Math.abs(a), Math.abs(b)); it++) {
    const m = (a + b) / 2;
    const fm = f(m);
    if (Math.sign(fm) === Math.sign(fa)) {
      a = m;
      fa = fm;
    } else b = m;
  }
  return (a + b) / 2;
}

export interface PotOptions {
  /** Risk q: the probability, per point, of a normal score exceeding the threshold. Default 1e-3. */
  readonly risk?: number;
  /** Quantile of the calibration scores used as the initial threshold t. Default 0.98 (SPOT's). */
  readonly initialQuantile?: number;
}

/** A fitted tail: threshold z_q for the risk it was fitted with, and `at(risk)` for other risks. */
export interface PotModel {
  readonly initial: number;
  readonly gpd: Gpd;
  /** Calibration size n and number of excesses N_t over t. */
  readonly n: number;
  readonly excesses: number;
  readonly risk: number;
  readonly threshold: number;
}

/**
 * Peaks-over-threshold (SPOT's initialisation step): t = the `initialQuantile` of the calibration scores, a GPD fitted to
 * the excesses s − t > 0, and z_q = t + σ/γ·((q·n/N_t)^(−γ) − 1) (γ = 0: t − σ·ln(q·n/N_t)). Scores equal to t are not
 * excesses. Fails with ML_BAD_INPUT on a non-finite score, fewer than 2 excesses, or options out of range.
 */
export function fitPot(scores: ArrayLike<number>, options: PotOptions = {}): PotModel {
  const risk = options.risk ?? 1e-3;
  const level = options.initialQuantile ?? 0.98;
  if (!(risk > 0 && risk < 1)) throw new MlError('ML_BAD_INPUT', `risk ${risk} is not in (0, 1)`);
  if (!(level > 0 && level < 1)) throw new MlError('ML_BAD_INPUT', `initialQuantile ${level} is not in (0, 1)`);
  const sorted = Float64Array.from(scores).sort();
  if (!sorted.every(Number.isFinite)) throw new MlError('ML_BAD_INPUT', 'calibration scores must be finite');
  const initial = quantile(sorted, level);
  const excesses = sorted.filter((s) => s > initial).map((s) => s - initial);
  if (excesses.length < 2) {
    throw new MlError('ML_BAD_INPUT', `only ${excesses.length} calibration scores exceed the ${level} quantile; need more data`);
  }
  const gpd = fitGpd(excesses);
  const model = { initial, gpd, n: sorted.length, excesses: excesses.length, risk, threshold: 0 };
  return { ...model, threshold: potQuantile(model, risk) };
}

/** z_q of a fitted tail for another risk q (smaller q → higher threshold). */
export function potQuantile(model: Omit<PotModel, 'threshold' | 'risk'>, risk: number): number {
  if (!(risk > 0 && risk < 1)) throw new MlError('ML_BAD_INPUT', `risk ${risk} is not in (0, 1)`);
  const { shape, scale } = model.gpd;
  const r = (risk * model.n) / model.excesses;
  return Math.abs(shape) < 1e-12 ? model.initial - scale * Math.log(r) : model.initial + (scale / shape) * (Math.pow(r, -shape) - 1);
}

/** numpy's default ('linear') quantile of ascending values. */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}
