import FFT from 'fft.js';

/**
 * Radix-4 FFT (fft.js) with one plan and one scratch buffer per size, created on first use and reused, so the hot
 * path never allocates. Sizes must be powers of two (fft.js supports nothing else): windows of 256…65536 samples.
 */
export interface FftPlan {
  readonly size: number;
  /** Interleaved complex output [re0, im0, re1, im1, …], length 2·size. */
  readonly spectrum: Float64Array;
  /** Second interleaved complex buffer, for the inverse transform. */
  readonly work: Float64Array;
  readonly fft: FFT;
}

const plans = new Map<number, FftPlan>();

export function isPowerOfTwo(n: number): boolean {
  return n >= 2 && (n & (n - 1)) === 0;
}

export function fftPlan(size: number): FftPlan {
  let plan = plans.get(size);
  if (plan === undefined) {
    if (!isPowerOfTwo(size)) throw new RangeError(`FFT size must be a power of two ≥ 2, got ${size}`);
    plan = { size, spectrum: new Float64Array(2 * size), work: new Float64Array(2 * size), fft: new FFT(size) };
    plans.set(size, plan);
  }
  return plan;
}

/**
 * Real FFT X_k = Σₙ xₙ e^{−2πikn/N} (numpy's sign and scale). Fills plan.spectrum: bins 0…N/2 always, the full
 * conjugate-symmetric spectrum when `full`. Returns the plan; the buffer is overwritten by the next call.
 */
export function realFft(x: ArrayLike<number>, full = false): FftPlan {
  const plan = fftPlan(x.length);
  plan.fft.realTransform(plan.spectrum, x);
  if (full) plan.fft.completeSpectrum(plan.spectrum);
  return plan;
}

const twiddleTables = new Map<number, Float64Array>();

/** cos and sin of 2πk/N for k < N/2, interleaved (cached per N). */
export function halfTwiddles(n: number): Float64Array {
  let t = twiddleTables.get(n);
  if (t === undefined) {
    t = new Float64Array(n);
    for (let k = 0; k < n >> 1; k++) {
      t[2 * k] = Math.cos((2 * Math.PI * k) / n);
      t[2 * k + 1] = Math.sin((2 * Math.PI * k) / n);
    }
    twiddleTables.set(n, t);
  }
  return t;
}
