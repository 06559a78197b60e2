import { realFft, type FftPlan } from './fft';
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
  return envelopeFromFft(realFft(x), options, out);
}

/**
 * The same from a plan whose `spectrum` already holds bins 0…N/2 of FFT(x) (e.g. right after amplitudeSpectrumInto),
 * saving the forward transform. The spectrum buffer is modified in place.
 */
export function envelopeFromFft(
  plan: FftPlan,
  options: { fs?: number; band?: readonly [number, number] },
  out: Float64Array,
): Float64Array {
  const n = plan.size;
  const half = n >> 1;
  const X = plan.spectrum;
  const { band, fs = 1 } = options;
  const kLo = band ? Math.ceil((band[0] * n) / fs) : 0;
  const kHi = band ? Math.floor((band[1] * n) / fs) : half;
  for (let k = 0; k <= half; k++) {
    const gain = k < kLo || k > kHi ? 0 : k === 0 || k === half ? 1 : 2;
    X[2 * k] = X[2 * k]! * gain;
    X[2 * k + 1] = X[2 * k + 1]! * gain;
  }
  X.fill(0, 2 * (half + 1)); // h_k = 0 for k > N/2
  plan.fft.inverseTransform(plan.work, X);
  const z = plan.work;
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(z[2 * i]! * z[2 * i]! + z[2 * i + 1]! * z[2 * i + 1]!);
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
  let mean = 0;
  for (let i = 0; i < env.length; i++) mean += env[i]!;
  mean /= env.length;
  for (let i = 0; i < env.length; i++) env[i] = env[i]! - mean;
  return amplitudeSpectrumInto(env, out);
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
