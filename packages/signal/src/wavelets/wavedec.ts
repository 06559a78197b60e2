import { dwt, idwt } from './dwt';
import { dwtMaxLevel, filterBank, type WaveletName } from './filters';

/**
 * Multilevel DWT as pywt.wavedec(x, wavelet, mode='symmetric', level): returns [cA_J, cD_J, cD_{J−1}, …, cD_1].
 * `level` defaults to pywt.dwt_max_level(N, L).
 */
export function wavedec(x: ArrayLike<number>, wavelet: WaveletName, level?: number): Float64Array[] {
  const bank = filterBank(wavelet);
  const J = level ?? dwtMaxLevel(x.length, bank.decLo.length);
  if (J < 0 || !Number.isInteger(J)) throw new RangeError(`wavedec level must be a non-negative integer, got ${J}`);
  const details: Float64Array[] = [];
  let a: ArrayLike<number> = x;
  for (let j = 0; j < J; j++) {
    const [cA, cD] = dwt(a, bank);
    details.push(cD);
    a = cA;
  }
  return [Float64Array.from(a), ...details.reverse()];
}

/**
 * Inverse of wavedec as pywt.waverec: where a reconstructed approximation is one sample longer than the next detail
 * (odd lengths), its last sample is dropped, as pywt does.
 */
export function waverec(coeffs: readonly Float64Array[], wavelet: WaveletName): Float64Array {
  const bank = filterBank(wavelet);
  let a = coeffs[0];
  if (a === undefined) throw new RangeError('waverec needs at least the approximation coefficients');
  for (let j = 1; j < coeffs.length; j++) {
    const d = coeffs[j]!;
    if (a.length === d.length + 1) a = a.subarray(0, d.length);
    a = idwt(a, d, bank);
  }
  return a;
}
