// Floating-point primitives computed the way numpy and glibc compute them on x86-64 (AVX2/AVX-512) and arm64, so
// that filter designs agree with scipy's to the bit. Only the design path uses them (a few hundred calls per filter);
// per-sample code uses plain arithmetic. Inputs are assumed of ordinary magnitude (|x| < 2^900, products > 2^-900):
// beyond that the helpers fall back to plain arithmetic, which is at most 1 ulp away.

const view = new DataView(new ArrayBuffer(8));
const SPLIT = 134217729; // 2^27 + 1: Veltkamp's split into two 26-bit halves
const HUGE = 2 ** 900;
const SMALL = 2 ** -900;

/** s + e = a + b exactly (Knuth's two-sum). */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

/** p + e = a · b exactly (Dekker's product). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const ca = SPLIT * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLIT * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

/** a + b rounded to odd: exact sums unchanged, otherwise the enclosing double whose last significand bit is 1. */
function addRoundToOdd(a: number, b: number): number {
  const [s, e] = twoSum(a, b);
  if (e === 0) return s;
  view.setFloat64(0, s);
  if ((view.getUint32(4) & 1) === 1) return s;
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, Math.sign(e) === Math.sign(s) ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

/**
 * a·b + c with a single rounding, as a hardware fused multiply-add (Boldo & Melquiond, "Emulation of FMA and
 * correctly rounded sums: proved algorithms using rounding to odd", IEEE TC 2008).
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c) || p === 0 || Math.abs(a) > HUGE || Math.abs(b) > HUGE || Math.abs(p) < SMALL) {
    return p + c;
  }
  const [uh, ul] = twoProduct(a, b);
  const [th, tl] = twoSum(c, uh);
  return th + addRoundToOdd(tl, ul);
}

const EPS = 2 ** -54;
const LARGE = 2 ** 510;
const TINY = 2 ** -510;
const SCALE = 2 ** 600;

/**
 * √(x² + y²) as glibc computes it (Borges' corrected kernel, "An improved algorithm for hypot(a, b)", 2019), which
 * numpy's complex sqrt calls; V8's Math.hypot can be 1 ulp away.
 */
export function hypot(x: number, y: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return Math.hypot(x, y);
  const ax = Math.max(Math.abs(x), Math.abs(y));
  const ay = Math.min(Math.abs(x), Math.abs(y));
  if (ay <= ax * EPS) return ax + ay;
  if (ax > LARGE) return hypotKernel(ax / SCALE, ay / SCALE) * SCALE;
  if (ay < TINY) return hypotKernel(ax * SCALE, ay * SCALE) / SCALE;
  return hypotKernel(ax, ay);
}

function hypotKernel(ax: number, ay: number): number {
  const h = Math.sqrt(ax * ax + ay * ay);
  let t1: number;
  let t2: number;
  if (h <= 2 * ay) {
    const delta = h - ay;
    t1 = ax * (2 * delta - ax);
    t2 = (delta - 2 * (ax - ay)) * delta;
  } else {
    const delta = h - ax;
    t1 = 2 * delta * (ax - 2 * ay);
    t2 = (4 * delta - ay) * ay + delta * delta;
  }
  return h - (t1 + t2) / (2 * h);
}
