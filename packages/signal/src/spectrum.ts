import { realFft } from './fft';

/**
 * One-sided spectrum of a window of N = 2^k samples, rectangular window (no taper), so the numbers equal
 * `np.fft.rfft(x)` scaled as below and Parseval holds exactly:
 *   amplitude  A₀ = |X₀|/N,  A_k = 2|X_k|/N (0 < k < N/2),  A_{N/2} = |X_{N/2}|/N   (a sine of amplitude a at a bin
 *              centre reads a)
 *   power      P₀ = A₀²,     P_k = A_k²/2,                  P_{N/2} = A_{N/2}²       (mean square per bin: ΣP = mean x²;
 *              computed from |X_k|², not from the rounded A_k)
 *   frequency  f_k = k·fs/N
 * Pass `hann: true` for a Hann-tapered amplitude spectrum (x·w, w = 0.5 − 0.5cos(2πn/N), divided by the coherent gain
 * Σw/N = 0.5); spectral features use the rectangular window.
 */
export interface Spectrum {
  readonly amplitude: Float64Array;
  readonly power: Float64Array;
  /** Bin spacing fs/N in Hz. */
  readonly df: number;
}

export function spectrumBins(n: number): number {
  return (n >> 1) + 1;
}

export function allocSpectrum(n: number, fs: number): Spectrum {
  const bins = spectrumBins(n);
  return { amplitude: new Float64Array(bins), power: new Float64Array(bins), df: fs / n };
}

/** Writes the spectrum of x into `out` (from allocSpectrum with the same N) and returns it. */
export function amplitudeSpectrumInto(x: ArrayLike<number>, out: Spectrum): Spectrum {
  const n = x.length;
  const X = realFft(x).spectrum;
  if (out.amplitude.length !== (n >> 1) + 1) throw new RangeError('spectrum buffer does not match the window length');
  powerFromFft(X, n, out.power);
  for (let k = 0; k <= n >> 1; k++) out.amplitude[k] = binAmplitude(X, n, k);
  return out;
}

/**
 * Only the power of that spectrum, P_k = c_k·|X_k|²/N² (c_k = 2 between DC and Nyquist, 1 at both), into `power`
 * (N/2 + 1 bins) from an interleaved FFT X of N real samples: what amplitudeSpectrumInto writes there, without the
 * square roots of the amplitudes (the extractor reads amplitudes at a few bins only, with binAmplitude).
 */
export function powerFromFft(X: Float64Array, n: number, power: Float64Array): Float64Array {
  const half = n >> 1;
  const edge = 1 / (n * n); // a power of two: the scaling is exact
  const inner = 2 * edge;
  for (let k = 1; k < half; k++) power[k] = (X[2 * k]! * X[2 * k]! + X[2 * k + 1]! * X[2 * k + 1]!) * inner;
  power[0] = (X[0]! * X[0]! + X[1]! * X[1]!) * edge;
  power[half] = (X[2 * half]! * X[2 * half]! + X[2 * half + 1]! * X[2 * half + 1]!) * edge;
  return power;
}

/** A_k, scaled as above, from an interleaved FFT X of N real samples: what amplitudeSpectrumInto writes at bin k. */
export function binAmplitude(X: Float64Array, n: number, k: number): number {
  const re = X[2 * k]!;
  const im = X[2 * k + 1]!;
  return (k === 0 || k === n >> 1 ? 1 : 2) * (Math.sqrt(re * re + im * im) / n);
}

export function amplitudeSpectrum(x: ArrayLike<number>, fs: number, options: { hann?: boolean } = {}): Spectrum {
  const out = allocSpectrum(x.length, fs);
  if (!options.hann) return amplitudeSpectrumInto(x, out);
  const n = x.length;
  const tapered = new Float64Array(n);
  for (let i = 0; i < n; i++) tapered[i] = x[i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n)) * 2;
  return amplitudeSpectrumInto(tapered, out);
}
