import type { BearingGeometry } from './bearing';
import { isPowerOfTwo } from './fft';
import type { WaveletName } from './wavelets';

export interface ExtractOptions {
  /** Sampling rate in Hz. */
  fs: number;
  /** Shaft speed; enables amp_1x/2x/3x (and the envelope features with `bearing`). */
  rpm?: number;
  bearing?: BearingGeometry;
  /** Band-pass [lo, hi] Hz applied before the Hilbert envelope (see envelope.ts); whole band when absent. */
  envelopeBand?: readonly [number, number];
  /** Bands [lo, hi) in Hz → band_energy_<lo>_<hi>. */
  bands?: readonly (readonly [number, number])[];
  /** O(N²): off unless asked. */
  sampleEntropy?: boolean;
  /** db4 by default (8 taps); wavedec to level 4 and packets at level 3, which needs N ≥ 56. */
  wavelet?: WaveletName;
}

export const AUTOCORRELATION_LAGS = [1, 2, 5, 10] as const;
export const C3_LAGS = [1, 2, 3] as const;
export const PEAK_SUPPORTS = [1, 5, 10] as const;
export const WAVELET_LEVELS = 4;
export const PACKET_LEVEL = 3;

const LEVEL_NAMES = ['a4', 'd4', 'd3', 'd2', 'd1'] as const;

/**
 * Column names, in order, of the features for windows of `length` samples under options `o`. Frequency features
 * need a power-of-two length (fft.js), the wavelet block N ≥ 112 (db4 level 4, as pywt.dwt_max_level).
 */
export function featureNames(length: number, o: ExtractOptions): string[] {
  const names = [
    'mean',
    'std',
    'rms',
    'min',
    'max',
    'skewness',
    'kurtosis',
    'crest_factor',
    'peak_to_peak',
    'variance',
    'shape_factor',
    'impulse_factor',
    'clearance_factor',
    'zero_crossing_rate',
    'trend_slope',
    'abs_energy',
    'mean_abs_change',
    'cid_ce',
    ...AUTOCORRELATION_LAGS.map((l) => `autocorrelation_lag_${l}`),
    ...C3_LAGS.map((l) => `c3_lag_${l}`),
    ...PEAK_SUPPORTS.map((n) => `number_peaks_${n}`),
  ];
  if (o.sampleEntropy) names.push('sample_entropy');
  if (isPowerOfTwo(length)) {
    names.push('dominant_frequency', 'spectral_centroid', 'spectral_spread', 'spectral_entropy', 'spectral_rolloff', 'spectral_flatness');
    for (const [lo, hi] of o.bands ?? []) names.push(`band_energy_${lo}_${hi}`);
    if (o.rpm !== undefined) names.push('amp_1x', 'amp_2x', 'amp_3x');
    if (o.rpm !== undefined && o.bearing !== undefined) names.push('envelope_bpfo', 'envelope_bpfi', 'envelope_bsf', 'envelope_ftf');
  }
  if (length >= 112) {
    for (const kind of ['energy', 'relative_energy', 'entropy']) for (const l of LEVEL_NAMES) names.push(`wavelet_${kind}_${l}`);
    for (let i = 0; i < 1 << PACKET_LEVEL; i++) names.push(`wavelet_packet_energy_${i}`);
  }
  return names;
}
