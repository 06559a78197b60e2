import { FilterError } from './errors';
import { requireFinite } from './validate';

/** Number of sections of a valid sos array: non-empty, n×6, finite, a0 = 1 in every row (scipy's _validate_sos). */
export function sosSections(sos: Float64Array): number {
  if (!(sos instanceof Float64Array) || sos.length === 0 || sos.length % 6 !== 0) {
    throw new FilterError('FILTER_SOS_INVALID', { argument: 'sos', reason: 'expected a Float64Array of n×6 coefficients, n ≥ 1' });
  }
  requireFinite(sos, 'sos', 'FILTER_SOS_INVALID');
  for (let s = 0; s < sos.length; s += 6) {
    if (sos[s + 3] !== 1) throw new FilterError('FILTER_SOS_INVALID', { argument: `sos[${s / 6}][3]`, reason: 'a0 must be 1' });
  }
  return sos.length / 6;
}

/**
 * The cascade in transposed direct form II, scipy's _sosfilt loop: for each sample, each section computes
 * y = b0·x + z0, z0 = b1·x − a1·y + z1, z1 = b2·x − a2·y. `state` (n×2) is updated in place; `output` may be `input`.
 */
export function runSos(sos: Float64Array, input: ArrayLike<number>, state: Float64Array, output: Float64Array): void {
  const sections = sos.length / 6;
  for (let i = 0; i < input.length; i++) {
    let v = input[i]!;
    for (let s = 0, c = 0, z = 0; s < sections; s++, c += 6, z += 2) {
      const y = sos[c]! * v + state[z]!;
      state[z] = sos[c + 1]! * v - sos[c + 4]! * y + state[z + 1]!;
      state[z + 1] = sos[c + 2]! * v - sos[c + 5]! * y;
      v = y;
    }
    output[i] = v;
  }
}

/**
 * scipy.signal.sosfilt(sos, x, zi=zi): y and the final state zf (n×2, row-major). Filtering a signal in chunks, each
 * with the previous chunk's zf as zi, gives the same y as filtering it at once. Without zi the filter starts at rest.
 * Fails with FILTER_SOS_INVALID, FILTER_STATE_INVALID (zi not n×2 or not finite) or FILTER_INPUT_INVALID (x not finite).
 */
export function sosfilt(sos: Float64Array, x: ArrayLike<number>, zi?: Float64Array): { y: Float64Array; zf: Float64Array } {
  const sections = sosSections(sos);
  requireFinite(x, 'x');
  const zf = new Float64Array(2 * sections);
  if (zi !== undefined) {
    if (zi.length !== 2 * sections) {
      throw new FilterError('FILTER_STATE_INVALID', {
        argument: 'zi',
        reason: `expected ${sections}×2 = ${2 * sections} values, got ${zi.length}`,
      });
    }
    requireFinite(zi, 'zi', 'FILTER_STATE_INVALID');
    zf.set(zi);
  }
  const y = new Float64Array(x.length);
  runSos(sos, x, zf, y);
  return { y, zf };
}

/**
 * scipy.signal.sosfilt_zi: the state (n×2) in which the cascade sits after a unit step has settled; scale it by the
 * first sample to start a filter without a transient. Each section's state solves (I − Aᵀ)·z = b[1:] − a[1:]·b0
 * (scipy's lfilter_zi, here by LU with partial pivoting as LAPACK's gesv), scaled by the DC gain of the sections
 * before it. A section with a pole at z = 1 has no steady state: FILTER_SOS_INVALID (scipy: singular matrix).
 */
export function sosfiltZi(sos: Float64Array): Float64Array {
  const sections = sosSections(sos);
  const zi = new Float64Array(2 * sections);
  let gain = 1;
  for (let s = 0; s < sections; s++) {
    const [b0, b1, b2, a0, a1, a2] = Array.from(sos.subarray(6 * s, 6 * s + 6)) as [number, number, number, number, number, number];
    // [[1 + a1, −1], [a2, 1]] · [z0, z1] = [b1 − a1·b0, b2 − a2·b0]; rows as [coef0, coef1, rhs], pivot on |coef0|.
    let top: number[] = [1 + a1, -1, b1 - a1 * b0];
    let bottom: number[] = [a2, 1, b2 - a2 * b0];
    if (Math.abs(bottom[0]!) > Math.abs(top[0]!)) [top, bottom] = [bottom, top];
    const [u11, u12, r1] = top as [number, number, number];
    const l = bottom[0]! * (1 / u11);
    const z1 = (bottom[2]! - l * r1) / (bottom[1]! - l * u12);
    const z0 = (r1 - z1 * u12) / u11;
    if (!Number.isFinite(z0) || !Number.isFinite(z1)) {
      throw new FilterError('FILTER_SOS_INVALID', { argument: `sos[${s}]`, reason: 'a pole at z = 1: no steady state' });
    }
    zi[2 * s] = gain * z0;
    zi[2 * s + 1] = gain * z1;
    gain *= (b0 + b1 + b2) / (a0 + a1 + a2);
  }
  return zi;
}
