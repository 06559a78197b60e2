import { realFft } from './fft';

/**
 * One-sided spectrum of a window of N = 2^k samples, rectangular window (no taper), so the numbers equal
 * `np.fft.rfft(x)` scaled as below and Parseval holds exactly:
 *   amplitude  A₀ = |X₀|/N,  A_k = 2|X_k|/N (0 < k < N/2),  A_{N/2} = |X_{N/2}|/N   (a sine of amplitude a at a bin
 *              centre reads a)
 *   power      P₀ = A₀²,     P_k = A_k²/2,                  P_{N/2} = A_{N/2}²       (mean square per bin: ΣP = mean x²)
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
  const half = n >> 1;
  const X = realFft(x).spectrum;
  const { amplitude, power } = out;
  if (amplitude.length !== half + 1) throw new RangeError('spectrum buffer does not match the window length');
  for (let k = 0; k <= half; k++) {
    const re = X[2 * k]!;
    const im = X[2 * k + 1]!;
    const edge = k === 0 || k === half;
    const a = (edge ? 1 : 2) * (Math.sqrt(re * re + im * im) / n);
    amplitude[k] = a;
    power[k] = edge ? a * a : (a * a) / 2;
  }
  return out;
}

export function amplitudeSpectrum(x: ArrayLike<number>, fs: number, options: { hann?: boolean } = {}): Spectrum {
  const out = allocSpectrum(x.length, fs);
  if (!options.hann) return amplitudeSpectrumInto(x, out);
  const n = x.length;
  const tapered = new Float64Array(n);
  for (let i = 0; i < n; i++) tapered[i] = x[i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n)) * 2;
  return amplitudeSpectrumInto(tapered, out);
}
