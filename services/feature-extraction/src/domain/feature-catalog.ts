import type { FeatureFamily } from '@vigie/contracts';

/** Families of stored features: the extractor's, plus `quality` (from the preprocessed samples' flags). */
export type StoredFamily = FeatureFamily | 'quality';

/** `signal` is the sensor's own unit (mm/s, °C …). */
export type UnitKind = 'signal' | 'signal²' | 'signal³' | 'signal/sample' | 'Hz' | 'count' | 'dimensionless';

export interface FeatureDescription {
  family: StoredFamily;
  unit: UnitKind;
  description: string;
  /** Bumped when the definition of the feature changes (its stored values stop being comparable). */
  version: number;
}

type Entry = [match: string | RegExp, family: StoredFamily, unit: UnitKind, description: string | ((m: RegExpMatchArray) => string)];

const LEVELS: Record<string, string> = { a4: 'approximation a4', d4: 'detail d4', d3: 'detail d3', d2: 'detail d2', d1: 'detail d1' };

/**
 * Every feature the service can store, described once: feature_definitions rows, the definitions route and the
 * family filter all read this table. Definitions follow packages/signal/FEATURES.md; a name the signal package adds
 * without an entry here fails feature-catalog.test.ts.
 */
const CATALOG: readonly Entry[] = [
  ['mean', 'time', 'signal', 'Arithmetic mean of the window'],
  ['std', 'time', 'signal', 'Population standard deviation (ddof = 0)'],
  ['variance', 'time', 'signal²', 'Population variance (ddof = 0)'],
  ['rms', 'time', 'signal', 'Root mean square'],
  ['min', 'time', 'signal', 'Minimum'],
  ['max', 'time', 'signal', 'Maximum'],
  ['peak_to_peak', 'time', 'signal', 'max − min'],
  ['skewness', 'time', 'dimensionless', 'Skewness m₃/m₂^1.5, biased (scipy.stats.skew)'],
  ['kurtosis', 'time', 'dimensionless', 'Excess (Fisher) kurtosis m₄/m₂² − 3, biased; 0 for a constant window'],
  ['crest_factor', 'time', 'dimensionless', 'max|x| / RMS'],
  ['shape_factor', 'time', 'dimensionless', 'RMS / mean|x|'],
  ['impulse_factor', 'time', 'dimensionless', 'max|x| / mean|x|'],
  ['clearance_factor', 'time', 'dimensionless', 'max|x| / (mean √|x|)²'],
  ['zero_crossing_rate', 'time', 'dimensionless', 'Sign changes between neighbours / (N − 1)'],
  ['trend_slope', 'tsfresh', 'signal/sample', 'Least-squares slope against the sample index (tsfresh linear_trend slope)'],
  ['abs_energy', 'tsfresh', 'signal²', 'Σx² (tsfresh abs_energy)'],
  ['mean_abs_change', 'tsfresh', 'signal', 'mean |Δx| (tsfresh mean_abs_change)'],
  ['cid_ce', 'tsfresh', 'dimensionless', 'Complexity √Σ(Δz)² of the z-normalised window (tsfresh cid_ce, normalize=True)'],
  [/^autocorrelation_lag_(\d+)$/, 'tsfresh', 'dimensionless', (m) => `Autocorrelation at lag ${m[1]} (tsfresh autocorrelation)`],
  [/^c3_lag_(\d+)$/, 'tsfresh', 'signal³', (m) => `Non-linearity mean xᵢ·xᵢ₊ₗ·xᵢ₊₂ₗ at lag ${m[1]} (tsfresh c3)`],
  [/^number_peaks_(\d+)$/, 'tsfresh', 'count', (m) => `Points greater than their ${m[1]} neighbours on each side (tsfresh number_peaks)`],
  ['sample_entropy', 'tsfresh', 'dimensionless', 'Sample entropy, m = 2, r = 0.2σ (tsfresh sample_entropy)'],
  ['dominant_frequency', 'spectral', 'Hz', 'Frequency of the largest amplitude bin, DC excluded'],
  ['spectral_centroid', 'spectral', 'Hz', 'Power-weighted mean frequency'],
  ['spectral_spread', 'spectral', 'Hz', 'Power-weighted standard deviation of frequency around the centroid'],
  ['spectral_entropy', 'spectral', 'dimensionless', 'Normalised Shannon entropy of the power spectrum, in [0, 1]'],
  ['spectral_rolloff', 'spectral', 'Hz', 'First frequency below which 85 % of the power lies'],
  ['spectral_flatness', 'spectral', 'dimensionless', 'Geometric / arithmetic mean of the power spectrum'],
  [/^band_energy_(.+)_(.+)$/, 'spectral', 'signal²', (m) => `Power in ${m[1]} ≤ f < ${m[2]} Hz (mean square of that band)`],
  [/^amp_([123])x$/, 'spectral', 'signal', (m) => `Amplitude at ${m[1]}× the shaft frequency (nearest bin ±1)`],
  [
    /^envelope_(bpfo|bpfi|bsf|ftf)$/,
    'spectral',
    'signal',
    (m) => `Envelope-spectrum amplitude at the bearing ${m[1]!.toUpperCase()} frequency`,
  ],
  [/^wavelet_energy_(a4|d4|d3|d2|d1)$/, 'wavelet', 'signal²', (m) => `Energy Σc² of the ${LEVELS[m[1]!]} coefficients (wavedec level 4)`],
  [
    /^wavelet_relative_energy_(a4|d4|d3|d2|d1)$/,
    'wavelet',
    'dimensionless',
    (m) => `Share of the total energy in the ${LEVELS[m[1]!]} coefficients`,
  ],
  [
    /^wavelet_entropy_(a4|d4|d3|d2|d1)$/,
    'wavelet',
    'dimensionless',
    (m) => `Shannon entropy −Σp ln p of the ${LEVELS[m[1]!]} coefficients`,
  ],
  [/^wavelet_packet_energy_([0-7])$/, 'wavelet', 'signal²', (m) => `Energy of wavelet packet node ${m[1]} (level 3, natural order)`],
  [
    'quality_ratio',
    'quality',
    'dimensionless',
    'Share of the window’s samples no preprocessing flag marks as degraded (out of range, clipped, bad quality, imputed, spike, flat line)',
  ],
];

const described = new Map<string, FeatureDescription | null>();

/** The description of a feature name, or null when the catalog has none (the name is then never stored). */
export function describeFeature(name: string): FeatureDescription | null {
  let d = described.get(name);
  if (d !== undefined) return d;
  d = null;
  for (const [match, family, unit, description] of CATALOG) {
    const m = typeof match === 'string' ? (match === name ? ([name] as RegExpMatchArray) : null) : match.exec(name);
    if (m) {
      d = { family, unit, description: typeof description === 'string' ? description : description(m), version: 1 };
      break;
    }
  }
  // Band names come from requests too: bound the memo rather than grow it with every band ever asked for.
  if (described.size < 10_000) described.set(name, d);
  return d;
}
