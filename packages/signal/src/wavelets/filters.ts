/**
 * Orthogonal wavelet filter banks, decomposition low-pass taps copied from PyWavelets 1.9 (`Wavelet(name).dec_lo`).
 * The other three filters follow (L taps, k = 0…L−1), as in pywt:
 *   rec_lo[k] = dec_lo[L−1−k]     dec_hi[k] = (−1)^(k+1) · dec_lo[L−1−k]     rec_hi[k] = dec_hi[L−1−k]
 */
export type WaveletName = 'haar' | 'db1' | 'db4' | 'sym4';

export interface FilterBank {
  readonly name: WaveletName;
  readonly decLo: Float64Array;
  readonly decHi: Float64Array;
  readonly recLo: Float64Array;
  readonly recHi: Float64Array;
}

const DEC_LO: Record<WaveletName, readonly number[]> = {
  haar: [0.7071067811865476, 0.7071067811865476],
  db1: [0.7071067811865476, 0.7071067811865476],
  db4: [
    -0.010597401785069032, 0.0328830116668852, 0.030841381835560764, -0.18703481171909309, -0.027983769416859854, 0.6308807679298589,
    0.7148465705529157, 0.2303778133088965,
  ],
  sym4: [
    -0.07576571478927333, -0.02963552764599851, 0.49761866763201545, 0.8037387518059161, 0.29785779560527736, -0.09921954357684722,
    -0.012603967262037833, 0.0322231006040427,
  ],
};

const banks = new Map<WaveletName, FilterBank>();

export function filterBank(name: WaveletName): FilterBank {
  let bank = banks.get(name);
  if (bank === undefined) {
    const lo = DEC_LO[name];
    if (lo === undefined) throw new RangeError(`unknown wavelet ${String(name)}`);
    const L = lo.length;
    const decLo = Float64Array.from(lo);
    const recLo = Float64Array.from(lo).reverse();
    const decHi = new Float64Array(L);
    for (let k = 0; k < L; k++) decHi[k] = (k % 2 === 0 ? -1 : 1) * lo[L - 1 - k]!;
    const recHi = Float64Array.from(decHi).reverse();
    bank = Object.freeze({ name, decLo, decHi, recLo, recHi });
    banks.set(name, bank);
  }
  return bank;
}

/** pywt.dwt_max_level(N, L) = ⌊log2(N / (L − 1))⌋, 0 when N < L − 1. */
export function dwtMaxLevel(n: number, filterLength: number): number {
  if (n < filterLength - 1) return 0;
  return Math.floor(Math.log2(n / (filterLength - 1)));
}
