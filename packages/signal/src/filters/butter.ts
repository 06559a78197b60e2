import { FilterError } from './errors';
import { requireIntegerIn } from './validate';
import { bilinear, buttap, lp2bp, lp2bs, lp2hp, lp2lp } from './zpk';
import { zpk2sos } from './zpk2sos';

export type FilterType = 'lowpass' | 'highpass' | 'bandpass' | 'bandstop';

const FILTER_TYPES: readonly FilterType[] = ['lowpass', 'highpass', 'bandpass', 'bandstop'];
export const MAX_BUTTER_ORDER = 20;

/** Cutoffs normalised to Nyquist (scipy's Wn), validated: finite, 0 < Wn < 1, one value or an increasing pair. */
function normalisedCutoffs(cutoffHz: number | readonly [number, number], type: FilterType, fs: number): number[] {
  const band = type === 'bandpass' || type === 'bandstop';
  const values = typeof cutoffHz === 'number' ? [cutoffHz] : Array.from(cutoffHz);
  if (values.length !== (band ? 2 : 1)) {
    throw new FilterError('FILTER_CUTOFF_INVALID', {
      argument: 'cutoffHz',
      reason: `${type} needs ${band ? '[lo, hi]' : 'one frequency'}`,
    });
  }
  const wn = values.map((f) => {
    const w = f / (fs / 2);
    if (!Number.isFinite(f) || !(w > 0 && w < 1)) {
      throw new FilterError('FILTER_CUTOFF_INVALID', { argument: 'cutoffHz', reason: `${f} Hz is outside 0 < f < fs/2 = ${fs / 2} Hz` });
    }
    return w;
  });
  if (band && !(wn[0]! < wn[1]!)) {
    throw new FilterError('FILTER_CUTOFF_INVALID', { argument: 'cutoffHz', reason: `lo ${values[0]} Hz must be below hi ${values[1]} Hz` });
  }
  return wn;
}

/**
 * Digital Butterworth filter as second-order sections, row-major n×6 [b0 b1 b2 a0 a1 a2], equal to
 * scipy.signal.butter(order, cutoffHz, type, fs=fs, output='sos'): analog prototype poles, frequency transformation
 * at the pre-warped cutoffs, bilinear transform, then zpk2sos's section order and pairing. n = ⌈order/2⌉ for low- and
 * high-pass, order for band-pass and band-stop. Fails with FILTER_ORDER_INVALID (order not in 1..20),
 * FILTER_FS_INVALID, FILTER_CUTOFF_INVALID or FILTER_TYPE_INVALID.
 */
export function butter(order: number, cutoffHz: number | readonly [number, number], type: FilterType, fs: number): Float64Array {
  requireIntegerIn(order, 1, MAX_BUTTER_ORDER, 'order', 'FILTER_ORDER_INVALID');
  if (!FILTER_TYPES.includes(type)) {
    throw new FilterError('FILTER_TYPE_INVALID', { argument: 'type', reason: `${String(type)} is not one of ${FILTER_TYPES.join(', ')}` });
  }
  if (typeof fs !== 'number' || !Number.isFinite(fs) || fs <= 0) {
    throw new FilterError('FILTER_FS_INVALID', { argument: 'fs', reason: `${fs} is not a finite rate > 0` });
  }
  const wn = normalisedCutoffs(cutoffHz, type, fs);
  // Pre-warp with scipy's fs = 2 convention, so the analog cutoffs land on the digital ones after the bilinear map.
  const warped = wn.map((w) => 2 * 2 * Math.tan((Math.PI * w) / 2));
  const proto = buttap(order);
  let analog;
  if (type === 'lowpass') analog = lp2lp(proto, warped[0]!);
  else if (type === 'highpass') analog = lp2hp(proto, warped[0]!);
  else {
    const [lo, hi] = warped as [number, number];
    const bw = hi - lo;
    const wo = Math.sqrt(lo * hi);
    analog = type === 'bandpass' ? lp2bp(proto, wo, bw) : lp2bs(proto, wo, bw);
  }
  return zpk2sos(bilinear(analog, 2));
}
