import { fastLog } from './fast-log';
import { binAmplitude, type Spectrum } from './spectrum';

/**
 * Scalar descriptors of a one-sided power spectrum P_k at f_k = k·df (see spectrum.ts), with p_k = P_k / ΣP:
 *   dominant_frequency  f of max A_k over k ≥ 1 (DC excluded), found as the max of A_k² (2P_k, P at Nyquist)
 *   centroid  c = Σ f_k p_k                 spread = √Σ (f_k − c)² p_k
 *   entropy   H = −Σ p_k ln p_k / ln K      (normalised to [0, 1], K bins, 0·ln 0 = 0)
 *   rolloff   smallest f_k with Σ_{j≤k} P_j ≥ 0.85 ΣP
 *   flatness  exp(mean ln P_k) / mean P_k  (Wiener entropy over all K bins; 0 when any bin is exactly 0)
 * A zero spectrum gives 0 for every feature.
 */
export interface SpectralFeatures {
  dominant_frequency: number;
  spectral_centroid: number;
  spectral_spread: number;
  spectral_entropy: number;
  spectral_rolloff: number;
  spectral_flatness: number;
}

export function spectralFeatures(s: Spectrum, rolloffFraction = 0.85): SpectralFeatures {
  spectralFeaturesInto(s, scratch, 0, rolloffFraction);
  return {
    dominant_frequency: scratch[0]!,
    spectral_centroid: scratch[1]!,
    spectral_spread: scratch[2]!,
    spectral_entropy: scratch[3]!,
    spectral_rolloff: scratch[4]!,
    spectral_flatness: scratch[5]!,
  };
}

const scratch = new Float64Array(6);

/**
 * The same six numbers, in that order, into out[offset…offset + 6) (the extractor's allocation-free path). Reads the
 * power only, so the extractor can skip the amplitudes.
 */
export function spectralFeaturesInto(s: Pick<Spectrum, 'power' | 'df'>, out: Float64Array, offset = 0, rolloffFraction = 0.85): void {
  const { power, df } = s;
  const bins = power.length;
  const nyquist = bins - 1;
  // One logarithm per bin (fast-log.ts): Σ ln P for the flatness, Σ P ln P for the entropy, since
  // −Σ p ln p = (T ln T − Σ P ln P)/T with T = ΣP (exactly 0 when one bin holds all the power).
  let total = 0;
  let first = 0;
  let logSum = 0;
  let pLogP = 0;
  let best = 1;
  let bestSquare = -1; // A_best²
  for (let k = 0; k < bins; k++) {
    const p = power[k]!;
    const lp = fastLog(p);
    total += p;
    first += k * p;
    logSum += lp;
    if (p > 0) pLogP += p * lp;
    const square = k === nyquist ? p : 2 * p;
    if (k >= 1 && square > bestSquare) {
      best = k;
      bestSquare = square;
    }
  }
  if (!(total > 0)) {
    out.fill(0, offset, offset + 6);
    return;
  }
  const centroidBin = first / total;
  const entropy = (total * fastLog(total) - pLogP) / total;
  let second = 0;
  let cumulative = 0;
  let rolloffBin = -1;
  for (let k = 0; k < bins; k++) {
    const p = power[k]!;
    const d = k - centroidBin;
    second += d * d * p;
    cumulative += p;
    if (rolloffBin < 0 && cumulative >= rolloffFraction * total) rolloffBin = k;
  }
  out[offset] = best * df;
  out[offset + 1] = centroidBin * df;
  out[offset + 2] = Math.sqrt(second / total) * df;
  out[offset + 3] = entropy / Math.log(bins);
  out[offset + 4] = (rolloffBin < 0 ? bins - 1 : rolloffBin) * df;
  out[offset + 5] = Math.exp(logSum / bins) / (total / bins);
}

/** Σ P_k over f_k in [lo, hi) — the mean square of the signal in that band (rectangular window, Parseval). */
export function bandEnergy(s: Pick<Spectrum, 'power' | 'df'>, lo: number, hi: number): number {
  const kLo = Math.max(0, Math.ceil(lo / s.df - 1e-9));
  let e = 0;
  for (let k = kLo; k < s.power.length && k * s.df < hi; k++) e += s.power[k]!;
  return e;
}

/**
 * Amplitude at a frequency: the largest A_k among the nearest bin and its two neighbours (k* = round(f/df), k*±1).
 * Taking the local max tolerates slip and leakage when f falls between bins; 0 beyond Nyquist.
 */
export function amplitudeAt(s: Spectrum, f: number): number {
  const k = Math.round(f / s.df);
  let a = 0;
  for (let j = k - 1; j <= k + 1; j++) if (j >= 0 && j < s.amplitude.length && s.amplitude[j]! > a) a = s.amplitude[j]!;
  return a;
}

/**
 * amplitudeAt read straight from an interleaved FFT X of N real samples (bin spacing df), for when only a few bins
 * of a spectrum are needed: equal to amplitudeAt(amplitudeSpectrumInto(x, s), f) without filling the spectrum.
 */
export function amplitudeAtFft(X: Float64Array, n: number, df: number, f: number): number {
  const k = Math.round(f / df);
  const bins = (n >> 1) + 1;
  let a = 0;
  for (let j = k - 1; j <= k + 1; j++) {
    if (j < 0 || j >= bins) continue;
    const aj = binAmplitude(X, n, j);
    if (aj > a) a = aj;
  }
  return a;
}
