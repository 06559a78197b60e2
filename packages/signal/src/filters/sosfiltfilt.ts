import { FilterError } from './errors';
import { runSos, sosfiltZi, sosSections } from './sosfilt';
import { requireFinite } from './validate';

export type PadType = 'odd' | 'even' | 'constant';
const PAD_TYPES: readonly (PadType | null)[] = ['odd', 'even', 'constant', null];

/** scipy's default padlen: 3·ntaps, ntaps = 2n + 1 less the first-order sections (b2 = a2 = 0). */
function defaultPadlen(sos: Float64Array, sections: number): number {
  let b2Zero = 0;
  let a2Zero = 0;
  for (let s = 0; s < sections; s++) {
    if (sos[6 * s + 2] === 0) b2Zero++;
    if (sos[6 * s + 5] === 0) a2Zero++;
  }
  return 3 * (2 * sections + 1 - Math.min(b2Zero, a2Zero));
}

/** x with `edge` samples added at each end: odd (2·x₀ − x_k), even (x_k) or constant (x₀) extension. */
function extend(x: ArrayLike<number>, edge: number, padtype: PadType): Float64Array {
  const n = x.length;
  const ext = new Float64Array(n + 2 * edge);
  for (let i = 0; i < n; i++) ext[edge + i] = x[i]!;
  const first = x[0]!;
  const last = x[n - 1]!;
  for (let k = 1; k <= edge; k++) {
    const left = padtype === 'constant' ? first : x[k]!;
    const right = padtype === 'constant' ? last : x[n - 1 - k]!;
    ext[edge - k] = padtype === 'odd' ? 2 * first - left : left;
    ext[edge + n - 1 + k] = padtype === 'odd' ? 2 * last - right : right;
  }
  return ext;
}

/**
 * Zero-phase filtering, scipy.signal.sosfiltfilt(sos, x, padtype, padlen): x is extended at both ends (padtype
 * 'odd' and padlen 3·ntaps by default; padtype null means no extension), filtered forward from the steady state of
 * its first sample, then backward from that of the last, and the extension is cut off. The magnitude response is
 * squared and the phase is zero. Needs x longer than padlen (FILTER_INPUT_INVALID); FILTER_PADDING_INVALID for an
 * unknown padtype or a padlen that is not an integer ≥ 0.
 */
export function sosfiltfilt(
  sos: Float64Array,
  x: ArrayLike<number>,
  opts: { padtype?: PadType | null; padlen?: number } = {},
): Float64Array {
  const sections = sosSections(sos);
  requireFinite(x, 'x');
  const padtype = opts.padtype === undefined ? 'odd' : opts.padtype;
  if (!PAD_TYPES.includes(padtype)) {
    throw new FilterError('FILTER_PADDING_INVALID', {
      argument: 'padtype',
      reason: `${String(padtype)} is not odd, even, constant or null`,
    });
  }
  const { padlen } = opts;
  if (padlen !== undefined && !(Number.isInteger(padlen) && padlen >= 0)) {
    throw new FilterError('FILTER_PADDING_INVALID', { argument: 'padlen', reason: `${padlen} is not an integer ≥ 0` });
  }
  const edge = padtype === null ? 0 : (padlen ?? defaultPadlen(sos, sections));
  if (x.length <= edge) {
    throw new FilterError('FILTER_INPUT_INVALID', {
      argument: 'x',
      reason: `${x.length} samples; sosfiltfilt needs more than padlen = ${edge}`,
    });
  }
  const ext = padtype === null || edge === 0 ? Float64Array.from(x) : extend(x, edge, padtype);
  const zi = sosfiltZi(sos);
  const state = new Float64Array(zi.length);
  const start = (v: number): void => zi.forEach((z, i) => (state[i] = z * v));
  start(ext[0]!);
  runSos(sos, ext, state, ext);
  ext.reverse();
  start(ext[0]!);
  runSos(sos, ext, state, ext);
  ext.reverse();
  return ext.slice(edge, ext.length - edge);
}
