import { extractFeatures, type ExtractOptions } from '@vigie/signal';
import type { FeatureProfile } from './feature-profiles';
import { describeFeature } from './feature-catalog';

/** Fewer samples give a spectrum of a handful of bins: the spectral family is left out below this. */
export const SPECTRAL_MIN_SAMPLES = 16;

export type FeatureSetOptions = FeatureProfile['features'];

export interface FeatureSet {
  features: Record<string, number>;
  /** Sampling rate the frequency features used, Hz. */
  fs: number;
  /** Length of the newest power-of-two run the spectral features were computed on (0: none). */
  spectralSamples: number;
  /** Names the extractor produced but left undefined on this signal (NaN, ±∞), e.g. autocorrelation of a constant. */
  omitted: string[];
}

/** ExtractOptions per feature options and rate: extractFeatures memoises feature names per options object. */
const optionsCache = new WeakMap<FeatureSetOptions, Map<number, ExtractOptions>>();

function extractOptions(o: FeatureSetOptions, fs: number): ExtractOptions {
  let byRate = optionsCache.get(o);
  if (byRate === undefined) optionsCache.set(o, (byRate = new Map()));
  let x = byRate.get(fs);
  if (x === undefined) {
    x = { fs };
    if (o.rpm !== undefined) x.rpm = o.rpm;
    if (o.bearing !== undefined) {
      const b = o.bearing;
      x.bearing = {
        balls: b.balls,
        ballDiameter: b.ballDiameter,
        pitchDiameter: b.pitchDiameter,
        contactAngle: ((b.contactAngleDeg ?? 0) * Math.PI) / 180,
      };
    }
    if (o.envelopeBand !== undefined) x.envelopeBand = o.envelopeBand;
    if (o.bands !== undefined) x.bands = o.bands;
    if (o.sampleEntropy !== undefined) x.sampleEntropy = o.sampleEntropy;
    if (o.wavelet !== undefined) x.wavelet = o.wavelet;
    // Rates come from sample spacing; a sensor's rate is steady, so the map stays small. Bounded all the same.
    if (byRate.size >= 64) byRate.clear();
    byRate.set(fs, x);
  }
  return x;
}

/**
 * The selected families of @vigie/signal's extractFeatures on one window. Spectral features need a power-of-two
 * length (fft.js): they are computed on the newest 2^⌊log₂ N⌋ samples (at least half the window, ≥ 16), the rest on
 * the whole window. Wavelet features appear from 112 samples on. Non-finite values are left out (see `omitted`).
 */
export function computeFeatureSet(values: Float64Array, o: FeatureSetOptions, fs: number): FeatureSet {
  const families = new Set<string>(o.families);
  const opts = extractOptions(o, fs);
  const n = values.length;
  const tail = n >= SPECTRAL_MIN_SAMPLES && families.has('spectral') ? 2 ** Math.floor(Math.log2(n)) : 0;
  const features: Record<string, number> = {};
  const omitted: string[] = [];
  const keep = (record: Record<string, number>, spectral: boolean) => {
    for (const [name, value] of Object.entries(record)) {
      const family = describeFeature(name)?.family;
      if (family === undefined || !families.has(family) || (family === 'spectral') !== spectral) continue;
      if (Number.isFinite(value)) features[name] = value;
      else omitted.push(name);
    }
  };
  const whole = extractFeatures(values, opts);
  keep(whole, false);
  if (tail > 0) keep(tail === n ? whole : extractFeatures(values.subarray(n - tail), opts), true);
  return { features, fs, spectralSamples: tail, omitted };
}

/** Sampling rate in Hz from the median spacing of millisecond timestamps (robust to a gap); undefined below 2 samples. */
export function samplingRateHz(ts: Float64Array): number | undefined {
  if (ts.length < 2) return undefined;
  const d = new Float64Array(ts.length - 1);
  for (let i = 1; i < ts.length; i++) d[i - 1] = ts[i]! - ts[i - 1]!;
  d.sort();
  const mid = d.length >> 1;
  const median = d.length % 2 === 1 ? d[mid]! : (d[mid - 1]! + d[mid]!) / 2;
  return median > 0 ? 1000 / median : undefined;
}
