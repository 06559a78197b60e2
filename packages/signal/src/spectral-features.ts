import type { Spectrum } from './spectrum';

/**
 * Scalar descriptors of a one-sided power spectrum P_k at f_k = k·df (see spectrum.ts), with p_k = P_k / ΣP:
 *   dominant_frequency  f of max A_k over k ≥ 1 (DC excluded)
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
  const { amplitude, power, df } = s;
  const bins = power.length;
  // One logarithm per bin: Σ ln P for the flatness, Σ P ln P for the entropy, since
  // −Σ p ln p = ln T − (Σ P ln P)/T with T = ΣP.
  let total = 0;
  let first = 0;
  let logSum = 0;
  let pLogP = 0;
  let best = 1;
  for (let k = 0; k < bins; k++) {
    const p = power[k]!;
    const lp = Math.log(p);
    total += p;
    first += k * p;
    logSum += lp;
    if (p > 0) pLogP += p * lp;
    if (k >= 1 && amplitude[k]! > amplitude[best]!) best = k;
  }
  if (!(total > 0)) return zeros();
  const centroidBin = first / total;
  const entropy = Math.log(total) - pLogP / total;
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
  return {
    dominant_frequency: best * df,
    spectral_centroid: centroidBin * df,
    spectral_spread: Math.sqrt(second / total) * df,
    spectral_entropy: entropy / Math.log(bins),
    spectral_rolloff: (rolloffBin < 0 ? bins - 1 : rolloffBin) * df,
    spectral_flatness: Math.exp(logSum / bins) / (total / bins),
  };
}

function zeros(): SpectralFeatures {
  return {
    dominant_frequency: 0,
    spectral_centroid: 0,
    spectral_spread: 0,
    spectral_entropy: 0,
    spectral_rolloff: 0,
    spectral_flatness: 0,
  };
}

/** Σ P_k over f_k in [lo, hi) — the mean square of the signal in that band (rectangular window, Parseval). */
export function bandEnergy(s: Spectrum, lo: number, hi: number): number {
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
