import { fftPlan, halfTwiddles, realFft, type FftPlan } from './fft';
import { allocSpectrum, amplitudeSpectrumInto, type Spectrum } from './spectrum';

/**
 * Hilbert envelope |x + i·H{x}| computed like scipy.signal.hilbert: X = FFT(x); multiply by h with h₀ = h_{N/2} = 1,
 * h_k = 2 for 0 < k < N/2, h_k = 0 above; analytic = IFFT(X·h); envelope = |analytic|.
 * With `band = [lo, hi]` Hz, bins outside the band are also zeroed first, i.e. an ideal (brick-wall) band-pass
 * before demodulation — the usual way to isolate a structural resonance excited by bearing impacts.
 * N must be a power of two. Writes into `out` (length N) when given.
 */
export function hilbertEnvelope(
  x: ArrayLike<number>,
  options: { fs?: number; band?: readonly [number, number] } = {},
  out = new Float64Array(x.length),
): Float64Array {
  return envelopeFromFft(realFft(x), options, out, x);
}

/**
 * The same from a plan whose `spectrum` already holds bins 0…N/2 of FFT(x) (e.g. right after amplitudeSpectrumInto),
 * saving the forward transform. The plan's buffers are used as scratch (the spectrum may be overwritten).
 *
 * Without a band and given x, the analytic signal's real part is x itself, so only its imaginary part, the Hilbert
 * transform H = IFFT(−i·sgn(k)·X) (0 at DC and Nyquist), is computed: a real signal, hence one complex FFT of size N/2
 * instead of one of size N; envelope = √(x² + H²). With a band, the real part is the band-passed x and the full
 * inverse transform is taken.
 */
export function envelopeFromFft(
  plan: FftPlan,
  options: { fs?: number; band?: readonly [number, number] | undefined },
  out: Float64Array,
  x?: ArrayLike<number>,
): Float64Array {
  const n = plan.size;
  if (options.band !== undefined || x === undefined || n < 4) return analyticModulus(plan, options, out);
  return hilbertModulus(plan.spectrum, x, out);
}

/**
 * √(x² + H²) with H = IFFT(−i·sgn(k)·X) (Q₀ = Q_{N/2} = 0), X holding bins 0…N/2 of FFT(x). H is real, so it comes
 * from one complex FFT of size N/2 as in an inverse real FFT: h_{2m} + i·h_{2m+1} = IFFT(C)_m with
 * C_k = ½[(Q_k + Q̄_{N/2−k}) + i·e^{2πik/N}(Q_k − Q̄_{N/2−k})], k < N/2, and IFFT(C) = conj(FFT(conj C))/(N/2).
 */
function hilbertModulus(X: Float64Array, x: ArrayLike<number>, out: Float64Array): Float64Array {
  const n = x.length;
  const m = n >> 1;
  const half = fftPlan(m);
  const tw = halfTwiddles(n);
  const C = half.spectrum;
  C[0] = C[1] = 0; // Q₀ = Q̄_{N/2} = 0
  for (let k = 1; k < m; k++) {
    const j = m - k;
    // Q_k = −i·X_k = X_k.im − i·X_k.re, and Q̄_j = X_j.im + i·X_j.re
    const qr = X[2 * k + 1]!;
    const qi = -X[2 * k]!;
    const zr = X[2 * j + 1]!;
    const zi = X[2 * j]!;
    const br = qr - zr;
    const bi = qi - zi;
    const c = tw[2 * k]!;
    const s = tw[2 * k + 1]!;
    // 2C_k, stored conjugated for the forward transform
    C[2 * k] = qr + zr - (c * bi + s * br);
    C[2 * k + 1] = -(qi + zi + (c * br - s * bi));
  }
  half.fft.transform(half.work, C);
  const r = half.work; // = N·conj(h_{2m} + i·h_{2m+1})
  const scale = 1 / n;
  for (let i = 0; i < n; i++) {
    const h = r[i]! * scale; // ±h_i: the sign of the odd samples does not matter under the square
    out[i] = Math.sqrt(x[i]! * x[i]! + h * h);
  }
  return out;
}

/**
 * |IFFT(X·h)| with the band's bins zeroed. The inverse transform is done as a forward one, |IFFT(Y)| = |FFT(conj Y)|/N,
 * which spares fft.js's division of all 2N outputs by N; the gains are halved (½ at DC and Nyquist, 1 between) and the
 * 2 put back at the end. Both rewrites are exact in binary floating point (conjugation and powers of two commute with
 * every rounding of the transform).
 */
function analyticModulus(
  plan: FftPlan,
  options: { fs?: number; band?: readonly [number, number] | undefined },
  out: Float64Array,
): Float64Array {
  const n = plan.size;
  const half = n >> 1;
  const X = plan.spectrum;
  const { band, fs = 1 } = options;
  const kLo = band ? Math.ceil((band[0] * n) / fs) : 0;
  const kHi = band ? Math.floor((band[1] * n) / fs) : half;
  X[0] = X[0]! * 0.5;
  X[1] = -X[1]! * 0.5;
  for (let k = 1; k < half; k++) X[2 * k + 1] = -X[2 * k + 1]!;
  X[2 * half] = X[2 * half]! * 0.5;
  X[2 * half + 1] = -X[2 * half + 1]! * 0.5;
  for (let k = 0; k <= half; k++) if (k < kLo || k > kHi) X[2 * k] = X[2 * k + 1] = 0;
  X.fill(0, 2 * (half + 1)); // h_k = 0 for k > N/2
  plan.fft.transform(plan.work, X);
  const z = plan.work;
  const scale = 2 / n;
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(z[2 * i]! * z[2 * i]! + z[2 * i + 1]! * z[2 * i + 1]!) * scale;
  return out;
}

/**
 * Envelope spectrum: one-sided amplitude spectrum (spectrum.ts scaling) of the envelope minus its mean, so the
 * DC of the envelope does not swamp the defect lines.
 */
export function envelopeSpectrum(x: ArrayLike<number>, fs: number, band?: readonly [number, number]): Spectrum {
  const env = hilbertEnvelope(x, band ? { fs, band } : { fs });
  return envelopeSpectrumInto(env, allocSpectrum(env.length, fs));
}

/** Removes the mean of `env` in place and writes its spectrum into `out`. */
export function envelopeSpectrumInto(env: Float64Array, out: Spectrum): Spectrum {
  subtractMean(env);
  return amplitudeSpectrumInto(env, out);
}

/** env − mean(env), in place (the extractor does the same before reading the envelope spectrum at a few bins). */
export function subtractMean(env: Float64Array): void {
  let mean = 0;
  for (let i = 0; i < env.length; i++) mean += env[i]!;
  mean /= env.length;
  for (let i = 0; i < env.length; i++) env[i] = env[i]! - mean;
}

/** Indices of the `count` largest local maxima (A_k > A_{k−1} and A_k ≥ A_{k+1}) with f in [fMin, fMax]. */
export function topPeaks(s: Spectrum, count: number, fMin = 0, fMax = Infinity): number[] {
  const a = s.amplitude;
  const peaks: number[] = [];
  const kStart = Math.max(1, Math.ceil(fMin / s.df));
  for (let k = kStart; k < a.length - 1 && k * s.df <= fMax; k++) {
    if (a[k]! > a[k - 1]! && a[k]! >= a[k + 1]!) peaks.push(k);
  }
  return peaks.sort((p, q) => a[q]! - a[p]!).slice(0, count);
}
