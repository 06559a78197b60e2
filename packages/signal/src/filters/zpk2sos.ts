import { abs, add, complex, conj, isReal, mulPlain, scale, sub, type Complex } from './complex';
import type { Zpk } from './zpk';

// A port of scipy.signal.zpk2sos for digital filters with its default pairing 'nearest' (what butter(...,
// output='sos') uses): the sections come out in scipy's order with scipy's pole–zero pairs, so the coefficients
// themselves — not only the filtered output — equal scipy's. Ties are broken towards the first candidate, as
// numpy's argmin does.

const TOL = 100 * Number.EPSILON;

/** Index of the minimum of f over the indices where keep holds (first one on ties); −1 when none is kept. */
function argmin(values: readonly Complex[], f: (v: Complex) => number, keep: (v: Complex) => boolean = () => true): number {
  let best = -1;
  let bestValue = Infinity;
  values.forEach((v, i) => {
    if (!keep(v)) return;
    const d = f(v);
    if (best < 0 || d < bestValue) {
      best = i;
      bestValue = d;
    }
  });
  return best;
}

/** The pole closest to the unit circle: the "worst" one, placed in the last section. */
const idxWorst = (p: readonly Complex[], keep?: (v: Complex) => boolean): number => argmin(p, (v) => Math.abs(1 - abs(v)), keep);

function nearest(z: readonly Complex[], to: Complex, which: 'real' | 'complex' | 'any'): number {
  const keep = which === 'any' ? undefined : which === 'real' ? isReal : (v: Complex) => !isReal(v);
  const i = argmin(z, (v) => abs(sub(v, to)), keep);
  if (i < 0) throw new Error(`zpk2sos: no ${which} zero left to pair`); // unreachable for Butterworth designs
  return i;
}

const byKeys =
  (...keys: ((v: Complex) => number)[]) =>
  (a: Complex, b: Complex): number => {
    for (const key of keys) {
      const d = key(a) - key(b);
      if (d !== 0) return d;
    }
    return 0;
  };

/**
 * scipy's _cplxreal: the complex roots (one of each conjugate pair, positive imaginary part, the pair averaged) then
 * the real ones, each sorted by real part then |imag| (runs of nearly equal real parts re-sorted by |imag|).
 */
function cplxreal(roots: readonly Complex[]): Complex[] {
  const sorted = [...roots].sort(
    byKeys(
      (v) => v.re,
      (v) => Math.abs(v.im),
    ),
  ); // Array.prototype.sort is stable, as numpy's lexsort
  const real = sorted.filter((v) => Math.abs(v.im) <= TOL * abs(v)).map((v) => complex(v.re));
  const rest = sorted.filter((v) => !(Math.abs(v.im) <= TOL * abs(v)));
  const pos = rest.filter((v) => v.im > 0);
  const negs = rest.filter((v) => v.im < 0);
  if (pos.length !== negs.length) throw new Error('zpk2sos: a complex root has no conjugate');
  for (let start = 0; start < pos.length;) {
    let stop = start + 1;
    while (stop < pos.length && pos[stop]!.re - pos[stop - 1]!.re <= TOL * abs(pos[stop - 1]!)) stop++;
    if (stop - start > 1) {
      const byImag = byKeys((v) => Math.abs(v.im));
      pos.splice(start, stop - start, ...pos.slice(start, stop).sort(byImag));
      negs.splice(start, stop - start, ...negs.slice(start, stop).sort(byImag));
    }
    start = stop;
  }
  const pairs = pos.map((v, i) => {
    const n = negs[i]!;
    if (abs(sub(v, conj(n))) > TOL * abs(n)) throw new Error('zpk2sos: a complex root has no conjugate');
    return scale(add(v, conj(n)), 0.5);
  });
  return [...pairs, ...real];
}

/** Monic polynomial with the given roots, real part (numpy.poly), right-aligned in 3 slots. */
function quadratic(roots: readonly Complex[]): [number, number, number] {
  let c: Complex[] = [complex(1)];
  for (const r of roots) {
    const next = [...c, complex(0)];
    for (let i = 0; i < c.length; i++) next[i + 1] = sub(next[i + 1]!, mulPlain(c[i]!, r));
    c = next;
  }
  const out: [number, number, number] = [0, 0, 0];
  c.forEach((v, i) => (out[3 - c.length + i] = v.re));
  return out;
}

function section(sos: Float64Array, si: number, zeros: readonly Complex[], poles: readonly Complex[]): void {
  sos.set([...quadratic(zeros), ...quadratic(poles)], 6 * si);
}

/** scipy.signal.zpk2sos(z, p, k) for a digital filter, pairing 'nearest': row-major n×6 [b0 b1 b2 1 a1 a2]. */
export function zpk2sos({ z: zeros, p: poles, k }: Zpk): Float64Array {
  if (zeros.length === 0 && poles.length === 0) return Float64Array.of(k, 0, 0, 1, 0, 0);
  const zs = [...zeros];
  const ps = [...poles];
  while (ps.length < zs.length) ps.push(complex(0));
  while (zs.length < ps.length) zs.push(complex(0));
  const nSections = (ps.length + 1) >> 1;
  if (ps.length % 2 === 1) {
    ps.push(complex(0));
    zs.push(complex(0));
  }
  const z = cplxreal(zs);
  const p = cplxreal(ps);
  const take = (arr: Complex[], i: number): Complex => arr.splice(i, 1)[0]!;
  const sos = new Float64Array(6 * nSections);
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, idxWorst(p));
    const realPoles = p.filter(isReal).length;
    if (isReal(p1) && realPoles === 0) {
      // The last real pole: a first-order section, padded with a pole and a zero at the origin.
      section(sos, si, [take(z, nearest(z, p1, 'real')), complex(0)], [p1, complex(0)]);
    } else if (p.length + 1 === z.length && !isReal(p1) && realPoles === 1 && z.filter(isReal).length === 1) {
      // One real pole and one real zero left to pair with each other: this complex pole must take a complex zero.
      const z1 = take(z, nearest(z, p1, 'complex'));
      section(sos, si, [z1, conj(z1)], [p1, conj(p1)]);
    } else {
      const p2 = isReal(p1) ? take(p, idxWorst(p, isReal)) : conj(p1);
      if (z.length === 0) {
        section(sos, si, [], [p1, p2]);
        continue;
      }
      const z1 = take(z, nearest(z, p1, 'any'));
      if (!isReal(z1)) section(sos, si, [z1, conj(z1)], [p1, p2]);
      else if (z.length > 0) section(sos, si, [z1, take(z, nearest(z, p1, 'real'))], [p1, p2]);
      else section(sos, si, [z1], [p1, p2]);
    }
  }
  for (let i = 0; i < 3; i++) sos[i]! *= k;
  return sos;
}
