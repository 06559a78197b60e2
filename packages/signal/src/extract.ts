import { bearingDefectFrequencies } from './bearing';
import { envelopeFromFft, subtractMean } from './envelope';
import { isPowerOfTwo, realFft } from './fft';
import { PACKET_LEVEL, PEAK_SUPPORTS, featureNames, type ExtractOptions } from './feature-names';
import { sampleEntropy } from './sample-entropy';
import { amplitudeAtFft, bandEnergy, spectralFeaturesInto } from './spectral-features';
import { powerFromFft, spectrumBins, type Spectrum } from './spectrum';
import { TIME_FEATURE_COUNT, timeFeaturesInto } from './time-fused';
import { numberPeaksInto } from './tsfresh-fused';
import {
  dwtAt,
  dwtLength,
  energyEntropyInto,
  filterBank,
  packetEnergiesInto,
  relativeEnergiesInto,
  waveletPacketTree,
  type WaveletName,
} from './wavelets';

/** Buffers reused across windows of one length and rate, so that a window allocates nothing. */
interface Workspace {
  readonly n: number;
  readonly fs: number;
  /** Power spectrum of the window (the amplitudes are read from the FFT at the few bins needed). */
  readonly spectrum: Pick<Spectrum, 'power' | 'df'>;
  readonly envelope: Float64Array;
  /** a₄ then d₄ (wavedec level 4, from a₃ of the packet tree), grown on demand. */
  level4: Float64Array;
  /** Envelope options, rewritten per window (one object instead of one per window). */
  readonly envelopeOptions: { fs: number; band?: readonly [number, number] | undefined };
}
const workspaces = new Map<string, Workspace>();
let lastWorkspace: Workspace | undefined;

function workspace(n: number, fs: number): Workspace {
  if (lastWorkspace !== undefined && lastWorkspace.n === n && lastWorkspace.fs === fs) return lastWorkspace;
  const key = `${n}@${fs}`;
  let w = workspaces.get(key);
  if (w === undefined) {
    const size = isPowerOfTwo(n) ? n : 2;
    w = {
      n,
      fs,
      spectrum: { power: new Float64Array(spectrumBins(size)), df: fs / size },
      envelope: new Float64Array(n),
      level4: new Float64Array(0),
      envelopeOptions: { fs, band: undefined },
    };
    workspaces.set(key, w);
  }
  return (lastWorkspace = w);
}

/**
 * Writes the features of x into out[offset…offset + featureNames(x.length, o).length), in that order, and returns
 * how many. This is the hot path (about 55 µs for 67 features of a 1,024-sample window on one core, see FEATURES.md);
 * per window it allocates nothing and computes each intermediate once:
 *   time domain   two fused passes (time-fused.ts) and the peak count (tsfresh-fused.ts);
 *   spectrum      one real FFT of x; power spectrum and spectral features from it, amplitudes only at 1×/2×/3×;
 *   envelope      the same FFT, Hilbert transform by one half-size complex FFT (envelope.ts), one real FFT of the
 *                 envelope read at the four defect frequencies only;
 *   wavelets      the db4 packet tree to level 3, whose a/d nodes at levels 1…3 are wavedec's, one more DWT for
 *                 level 4, then energies, entropies (fast-log.ts) and packet energies.
 * The sums are those of the single-purpose functions, which equal numpy, scipy, PyWavelets and tsfresh (see
 * FEATURES.md). extractFeatures wraps it into a record.
 */
export function extractFeaturesInto(x: Float64Array, o: ExtractOptions, out: Float64Array, offset = 0): number {
  const w = workspace(x.length, o.fs);
  let k = offset;
  timeFeaturesInto(x, out, k);
  k += TIME_FEATURE_COUNT;
  numberPeaksInto(x, PEAK_SUPPORTS, out, k);
  k += PEAK_SUPPORTS.length;
  if (o.sampleEntropy) out[k++] = sampleEntropy(x);
  if (isPowerOfTwo(x.length)) k = frequencyFeatures(x, o, w, out, k);
  if (x.length >= 112) k = waveletFeatures(x, o.wavelet ?? 'db4', w, out, k);
  return k - offset;
}

function frequencyFeatures(x: Float64Array, o: ExtractOptions, w: Workspace, out: Float64Array, k: number): number {
  const n = x.length;
  const plan = realFft(x);
  const s = w.spectrum;
  powerFromFft(plan.spectrum, n, s.power);
  spectralFeaturesInto(s, out, k);
  k += 6;
  for (const [lo, hi] of o.bands ?? []) out[k++] = bandEnergy(s, lo, hi);
  if (o.rpm === undefined) return k;
  const shaftHz = o.rpm / 60;
  for (let h = 1; h <= 3; h++) out[k++] = amplitudeAtFft(plan.spectrum, n, s.df, h * shaftHz);
  if (o.bearing === undefined) return k;
  const d = bearingDefectFrequencies(o.bearing, shaftHz);
  // plan.spectrum still holds FFT(x): the envelope reuses it
  w.envelopeOptions.band = o.envelopeBand;
  const env = envelopeFromFft(plan, w.envelopeOptions, w.envelope, x);
  // envelope spectrum (envelopeSpectrumInto's): FFT of the envelope minus its mean, read at four frequencies only
  subtractMean(env);
  const E = realFft(env).spectrum;
  out[k++] = amplitudeAtFft(E, n, s.df, d.bpfo);
  out[k++] = amplitudeAtFft(E, n, s.df, d.bpfi);
  out[k++] = amplitudeAtFft(E, n, s.df, d.bsf);
  out[k++] = amplitudeAtFft(E, n, s.df, d.ftf);
  return k;
}

/**
 * wavedec to level 4 taken from the packet tree (a₃ = node 0, dₗ = node 1 of level ℓ) plus one DWT of a₃; then the
 * energy, relative energy and entropy of [a₄, d₄, d₃, d₂, d₁] and the level-3 packet energies.
 */
function waveletFeatures(x: Float64Array, wavelet: WaveletName, w: Workspace, out: Float64Array, k: number): number {
  const bank = filterBank(wavelet);
  const tree = waveletPacketTree(x, wavelet, PACKET_LEVEL);
  const len3 = tree.nodeLength[2]!;
  const len4 = dwtLength(len3, bank.decLo.length);
  if (w.level4.length < 2 * len4) w.level4 = new Float64Array(2 * len4);
  dwtAt(tree.levels[2]!, 0, len3, bank, w.level4, 0, w.level4, len4);
  const energy = k;
  const relative = k + 5;
  const entropy = k + 10;
  energyEntropyInto(w.level4, 0, len4, out, energy, out, entropy); // a₄
  energyEntropyInto(w.level4, len4, 2 * len4, out, energy + 1, out, entropy + 1); // d₄
  for (let lv = 3; lv >= 1; lv--) {
    const len = tree.nodeLength[lv - 1]!;
    energyEntropyInto(tree.levels[lv - 1]!, len, 2 * len, out, energy + 5 - lv, out, entropy + 5 - lv); // d_lv
  }
  relativeEnergiesInto(out, energy, 5, out, relative);
  packetEnergiesInto(tree, out, k + 15);
  return k + 15 + (1 << PACKET_LEVEL);
}

const nameCache = new WeakMap<ExtractOptions, Map<number, string[]>>();

/** All features of one window as a flat record keyed by featureNames (documented in packages/signal/FEATURES.md). */
export function extractFeatures(x: Float64Array, o: ExtractOptions): Record<string, number> {
  let byLength = nameCache.get(o);
  if (byLength === undefined) nameCache.set(o, (byLength = new Map()));
  let names = byLength.get(x.length);
  if (names === undefined) byLength.set(x.length, (names = featureNames(x.length, o)));
  const values = new Float64Array(names.length);
  extractFeaturesInto(x, o, values);
  const record: Record<string, number> = {};
  for (let i = 0; i < names.length; i++) record[names[i]!] = values[i]!;
  return record;
}
