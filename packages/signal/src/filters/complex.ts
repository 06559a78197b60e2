/**
 * The few complex operations the filter design needs, each written as numpy computes them on x86-64 with AVX2/AVX-512
 * and on arm64 (fused multiply, Smith's division, glibc's csqrt) so that poles and zeros agree with scipy's to the
 * bit: zpk2sos orders sections by comparing magnitudes, and for mirror-image poles one ulp decides the order.
 * Design-time code: plain objects are fine here, nothing runs per sample.
 */
import { fma, hypot } from './libm';

export interface Complex {
  readonly re: number;
  readonly im: number;
}

export const complex = (re: number, im = 0): Complex => ({ re, im });

export const add = (a: Complex, b: Complex): Complex => ({ re: a.re + b.re, im: a.im + b.im });
export const sub = (a: Complex, b: Complex): Complex => ({ re: a.re - b.re, im: a.im - b.im });
/** numpy's vectorised complex multiply: re = fma(ar, br, −ai·bi), im = fma(ar, bi, ai·br). */
export const mul = (a: Complex, b: Complex): Complex => ({ re: fma(a.re, b.re, -(a.im * b.im)), im: fma(a.re, b.im, a.im * b.re) });
/** Textbook complex product, as numpy's scalar loops (dot, convolve) compute it. */
export const mulPlain = (a: Complex, b: Complex): Complex => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
export const scale = (a: Complex, s: number): Complex => ({ re: a.re * s, im: a.im * s });
export const conj = (a: Complex): Complex => ({ re: a.re, im: -a.im });
export const isReal = (a: Complex): boolean => a.im === 0;

/**
 * |a| as numpy's vectorised `absolute` computes it for complex arrays (what zpk2sos compares): larger·√(r² + 1),
 * r = smaller/larger, the r² + 1 fused. It can differ from glibc's hypot by 1 ulp, which decides the order of
 * mirror-image poles (bands centred on fs/4).
 */
export function abs(a: Complex): number {
  const re = Math.abs(a.re);
  const im = Math.abs(a.im);
  if (re === Infinity || im === Infinity) return Infinity;
  if (Number.isNaN(re) || Number.isNaN(im)) return NaN;
  const larger = Math.max(re, im);
  const ratio = larger === 0 ? 0 : Math.min(re, im) / larger;
  return Math.sqrt(fma(ratio, ratio, 1)) * larger;
}

/** numpy's complex division (Smith's method, as in its `divide` loop). */
export function div(a: Complex, b: Complex): Complex {
  const br = Math.abs(b.re);
  const bi = Math.abs(b.im);
  if (br >= bi) {
    if (br === 0 && bi === 0) return { re: a.re / br, im: a.im / bi };
    const rat = b.im / b.re;
    const scl = 1 / (b.re + b.im * rat);
    return { re: (a.re + a.im * rat) * scl, im: (a.im - a.re * rat) * scl };
  }
  const rat = b.re / b.im;
  const scl = 1 / (b.im + b.re * rat);
  return { re: (a.re * rat + a.im) * scl, im: (a.im * rat - a.re) * scl };
}

/** Principal square root, glibc's csqrt for finite arguments of ordinary magnitude. */
export function sqrt(a: Complex): Complex {
  if (a.im === 0) {
    if (a.re < 0) return { re: 0, im: Math.sign(1 / a.im) * Math.sqrt(-a.re) };
    return { re: Math.abs(Math.sqrt(a.re)), im: a.im };
  }
  if (a.re === 0) {
    const r = Math.sqrt(0.5 * Math.abs(a.im));
    return { re: r, im: a.im < 0 ? -r : r };
  }
  const d = hypot(a.re, a.im);
  let r: number;
  let s: number;
  if (a.re > 0) {
    r = Math.sqrt(0.5 * (d + a.re));
    s = 0.5 * (a.im / r);
  } else {
    s = Math.sqrt(0.5 * (d - a.re));
    r = Math.abs(0.5 * (a.im / s));
  }
  return { re: r, im: a.im < 0 ? -Math.abs(s) : Math.abs(s) };
}

/** Π values, left to right as numpy's multiply.reduce; 1 for an empty list. */
export function prod(values: readonly Complex[]): Complex {
  let p: Complex = { re: 1, im: 0 };
  for (const v of values) p = mul(p, v);
  return p;
}
