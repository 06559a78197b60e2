import { bearingDefectFrequencies } from './bearing';
import { envelopeFromFft, envelopeSpectrumInto } from './envelope';
import { fftPlan, isPowerOfTwo } from './fft';
import { AUTOCORRELATION_LAGS, featureNames, PACKET_LEVEL, PEAK_SUPPORTS, type ExtractOptions } from './feature-names';
import { sampleEntropy } from './sample-entropy';
import { shapeFactors, zeroCrossingRate } from './shape';
import { amplitudeAt, bandEnergy, spectralFeatures } from './spectral-features';
import { allocSpectrum, amplitudeSpectrumInto, type Spectrum } from './spectrum';
import { timeDomainFeatures } from './time-domain';
import { autocorrelationsInto, c3Lags123Into, differenceStatsInto, numberPeaksInto } from './tsfresh-fused';
import { dwt, filterBank, packetEnergiesInto, waveletLevelFeatures, waveletPacketTree, type WaveletName } from './wavelets';

/** Buffers reused across windows of one length and rate. */
interface Workspace {
  spectrum: Spectrum;
  envelope: Float64Array;
  envelopeSpectrum: Spectrum;
}
const workspaces = new Map<string, Workspace>();

function workspace(n: number, fs: number): Workspace {
  const key = `${n}@${fs}`;
  let w = workspaces.get(key);
  if (w === undefined) {
    const size = isPowerOfTwo(n) ? n : 2;
    w = { spectrum: allocSpectrum(size, fs), envelope: new Float64Array(n), envelopeSpectrum: allocSpectrum(size, fs) };
    workspaces.set(key, w);
  }
  return w;
}

/**
 * Writes the features of x into out[offset…offset + featureNames(x.length, o).length), in that order. This is the
 * hot path: FFT plans and spectra are reused per window length; per window it allocates only small objects (two
 * feature structs, the level-4 DWT of a₃ and three 5-element level arrays). extractFeatures wraps it into a record.
 */
export function extractFeaturesInto(x: Float64Array, o: ExtractOptions, out: Float64Array, offset = 0): number {
  const w = workspace(x.length, o.fs);
  let k = offset;
  const t = timeDomainFeatures(x);
  const sh = shapeFactors(x);
  out[k++] = t.mean;
  out[k++] = t.std;
  out[k++] = t.rms;
  out[k++] = t.min;
  out[k++] = t.max;
  out[k++] = t.skewness;
  out[k++] = t.kurtosis;
  out[k++] = t.crest_factor;
  out[k++] = t.peak_to_peak;
  out[k++] = sh.variance;
  out[k++] = sh.shape_factor;
  out[k++] = sh.impulse_factor;
  out[k++] = sh.clearance_factor;
  out[k++] = zeroCrossingRate(x);
  differenceStatsInto(x, t.std, out, k); // trend_slope, abs_energy, mean_abs_change, cid_ce
  k += 4;
  autocorrelationsInto(x, AUTOCORRELATION_LAGS, t.mean, sh.variance, out, k);
  k += AUTOCORRELATION_LAGS.length;
  c3Lags123Into(x, out, k);
  k += 3;
  numberPeaksInto(x, PEAK_SUPPORTS, out, k);
  k += PEAK_SUPPORTS.length;
  if (o.sampleEntropy) out[k++] = sampleEntropy(x);
  if (isPowerOfTwo(x.length)) k = frequencyFeatures(x, o, w, out, k);
  if (x.length >= 112) k = waveletFeatures(x, o.wavelet ?? 'db4', out, k);
  return k - offset;
}

function frequencyFeatures(x: Float64Array, o: ExtractOptions, w: Workspace, out: Float64Array, k: number): number {
  const s = amplitudeSpectrumInto(x, w.spectrum);
  const sf = spectralFeatures(s);
  out[k++] = sf.dominant_frequency;
  out[k++] = sf.spectral_centroid;
  out[k++] = sf.spectral_spread;
  out[k++] = sf.spectral_entropy;
  out[k++] = sf.spectral_rolloff;
  out[k++] = sf.spectral_flatness;
  for (const [lo, hi] of o.bands ?? []) out[k++] = bandEnergy(s, lo, hi);
  if (o.rpm === undefined) return k;
  const shaftHz = o.rpm / 60;
  for (let h = 1; h <= 3; h++) out[k++] = amplitudeAt(s, h * shaftHz);
  if (o.bearing === undefined) return k;
  const d = bearingDefectFrequencies(o.bearing, shaftHz);
  // fftPlan(N).spectrum still holds FFT(x) from amplitudeSpectrumInto: the envelope reuses it.
  envelopeFromFft(fftPlan(x.length), o.envelopeBand ? { fs: o.fs, band: o.envelopeBand } : { fs: o.fs }, w.envelope);
  const env = envelopeSpectrumInto(w.envelope, w.envelopeSpectrum);
  out[k++] = amplitudeAt(env, d.bpfo);
  out[k++] = amplitudeAt(env, d.bpfi);
  out[k++] = amplitudeAt(env, d.bsf);
  out[k++] = amplitudeAt(env, d.ftf);
  return k;
}

/** wavedec to level 4 taken from the packet tree (a₃ = node 0, dₗ = node 1 of level ℓ) plus one DWT of a₃. */
function waveletFeatures(x: Float64Array, wavelet: WaveletName, out: Float64Array, k: number): number {
  const tree = waveletPacketTree(x, wavelet, PACKET_LEVEL);
  const node = (lv: number, i: number): Float64Array =>
    tree.levels[lv - 1]!.subarray(i * tree.nodeLength[lv - 1]!, (i + 1) * tree.nodeLength[lv - 1]!);
  const [a4, d4] = dwt(node(3, 0), filterBank(wavelet));
  const { energy, relativeEnergy, entropy } = waveletLevelFeatures([a4, d4, node(3, 1), node(2, 1), node(1, 1)]);
  for (const block of [energy, relativeEnergy, entropy]) for (let j = 0; j < 5; j++) out[k++] = block[j]!;
  packetEnergiesInto(tree, out, k);
  return k + (1 << PACKET_LEVEL);
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
