export interface LinearFit {
  slope: number;
  intercept: number;
  /** Residual standard deviation (n − 2 degrees of freedom). */
  residualStd: number;
  /** Standard error of the slope. */
  slopeStdErr: number;
  n: number;
  meanX: number;
}

/** Ordinary least squares y = intercept + slope·x. */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): LinearFit {
  const n = x.length;
  if (n !== y.length) throw new RangeError('x and y differ in length');
  if (n < 3) throw new RangeError('linearFit needs at least 3 points');
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sy += y[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (y[i]! - my);
  }
  if (sxx === 0) throw new RangeError('linearFit needs at least two distinct x values');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i]! - (intercept + slope * x[i]!);
    sse += r * r;
  }
  const residualStd = Math.sqrt(sse / (n - 2));
  return { slope, intercept, residualStd, slopeStdErr: residualStd / Math.sqrt(sxx), n, meanX: mx };
}
