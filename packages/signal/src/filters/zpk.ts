import { add, complex, div, mul, prod, scale, sqrt, sub, type Complex } from './complex';

/** Zeros, poles and gain of a transfer function (analog or digital). */
export interface Zpk {
  z: Complex[];
  p: Complex[];
  k: number;
}

// The steps of scipy.signal.iirfilter for ftype 'butter', in scipy's order and with its arithmetic (scalars promoted
// to complex as numpy promotes them), so that the digital poles equal scipy's and zpk2sos pairs them the same way.

const neg = (a: Complex): Complex => ({ re: -a.re, im: -a.im });

/** scipy.signal.buttap: N poles −exp(iπm/2N), m = −N+1, −N+3, …, N−1 (m = 0 gives the exactly real pole −1). */
export function buttap(order: number): Zpk {
  const p: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const arg = div(mul(complex(0, Math.PI), complex(m)), complex(2 * order));
    const e = Math.exp(arg.re);
    p.push({ re: -(e * Math.cos(arg.im)), im: -(e * Math.sin(arg.im)) });
  }
  return { z: [], p, k: 1 };
}

/** scipy.signal.lp2lp_zpk: s → s/wo. */
export function lp2lp({ z, p, k }: Zpk, wo: number): Zpk {
  const w = complex(wo);
  return { z: z.map((v) => mul(w, v)), p: p.map((v) => mul(w, v)), k: k * wo ** (p.length - z.length) };
}

/** scipy.signal.lp2hp_zpk: s → wo/s; zeros at infinity move to the origin. */
export function lp2hp({ z, p, k }: Zpk, wo: number): Zpk {
  const w = complex(wo);
  const zeros = z.map((v) => div(w, v));
  for (let i = z.length; i < p.length; i++) zeros.push(complex(0));
  return { z: zeros, p: p.map((v) => div(w, v)), k: k * div(prod(z.map(neg)), prod(p.map(neg))).re };
}

/** Each root r becomes r ± √(r² − wo²) (the two band edges of the wideband transformation). */
function splitAround(roots: readonly Complex[], wo: number): Complex[] {
  const w2 = complex(wo ** 2);
  const s = roots.map((r) => sqrt(sub(mul(r, r), w2)));
  return [...roots.map((r, i) => add(r, s[i]!)), ...roots.map((r, i) => sub(r, s[i]!))];
}

/** scipy.signal.lp2bp_zpk: s → (s² + wo²)/(s·bw); the N zeros at infinity become N at the origin and N at infinity. */
export function lp2bp({ z, p, k }: Zpk, wo: number, bw: number): Zpk {
  const half = (v: Complex): Complex => div(scale(v, bw), complex(2));
  const zeros = splitAround(z.map(half), wo);
  for (let i = z.length; i < p.length; i++) zeros.push(complex(0));
  return { z: zeros, p: splitAround(p.map(half), wo), k: k * bw ** (p.length - z.length) };
}

/** scipy.signal.lp2bs_zpk: s → s·bw/(s² + wo²); zeros at infinity move to ±j·wo (the stopband centre). */
export function lp2bs({ z, p, k }: Zpk, wo: number, bw: number): Zpk {
  const h = complex(bw / 2);
  const zeros = splitAround(
    z.map((v) => div(h, v)),
    wo,
  );
  const degree = p.length - z.length;
  for (let i = 0; i < degree; i++) zeros.push(mul(complex(0, 1), complex(wo)));
  for (let i = 0; i < degree; i++) zeros.push(mul(complex(-0, -1), complex(wo)));
  return {
    z: zeros,
    p: splitAround(
      p.map((v) => div(h, v)),
      wo,
    ),
    k: k * div(prod(z.map(neg)), prod(p.map(neg))).re,
  };
}

/** scipy.signal.bilinear_zpk: s → 2fs(z − 1)/(z + 1), no pre-warping here; zeros at infinity go to z = −1 (Nyquist). */
export function bilinear({ z, p, k }: Zpk, fs: number): Zpk {
  const fs2 = complex(2 * fs);
  const map = (v: Complex): Complex => div(add(fs2, v), sub(fs2, v));
  const zeros = z.map(map);
  for (let i = z.length; i < p.length; i++) zeros.push(complex(-1));
  const gain = div(prod(z.map((v) => sub(fs2, v))), prod(p.map((v) => sub(fs2, v))));
  return { z: zeros, p: p.map(map), k: k * gain.re };
}
