import { seededRandom } from '@vigie/service-kit-testing';

/** Deterministic test windows: mulberry32 uniform and Box–Muller Gaussian noise, sines with harmonics. */
export const rng = seededRandom;

export function gaussian(n: number, seed: number, sigma = 1, offset = 0): Float64Array {
  const u = rng(seed);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    x[i] = offset + sigma * r;
  }
  return x;
}

/** Σ aₕ sin(2π h f t + h) over harmonics plus 1 % Gaussian noise (a pure sine makes flatness ill-conditioned). */
export function sinusoid(n: number, fs: number, f: number, seed: number): Float64Array {
  const noise = gaussian(n, seed, 0.01);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / fs;
    x[i] =
      Math.sin(2 * Math.PI * f * t) + 0.5 * Math.sin(2 * Math.PI * 2 * f * t + 1) + 0.2 * Math.sin(2 * Math.PI * 3 * f * t + 2) + noise[i]!;
  }
  return x;
}
