import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng, parseCmapss, parseCmapssRul, type Rng, type UnitSeries } from '../../src';

/** NASA C-MAPSS at ../shared/datasets beside the repository root (CI copies shared/ there); read in place. */
export const CMAPSS_DIR = fileURLToPath(new URL('../../../../../shared/datasets/cmapss/', import.meta.url));

function text(file: string): string {
  const path = `${CMAPSS_DIR}${file}`;
  if (!existsSync(path)) throw new Error(`C-MAPSS file not found at ${path} (expected ../shared/datasets/cmapss beside the repo)`);
  return readFileSync(path, 'utf8');
}

const cache = new Map<string, UnitSeries[]>();

/** `train_FD00X.txt` or `test_FD00X.txt`, parsed once per test file. */
export function cmapssUnits(file: string): UnitSeries[] {
  if (!cache.has(file)) cache.set(file, parseCmapss(text(file)));
  return cache.get(file)!;
}

export function cmapssRul(subset: string): Float64Array {
  return parseCmapssRul(text(`RUL_${subset}.txt`));
}

/** A standard normal draw (Box–Muller; 1 − u keeps the log argument in (0, 1]). */
export function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * Heteroscedastic regression rows: x ~ U(0, 1), y = 10x + ε·σ(x), σ(x) = 0.2 + 2x, ε ~ N(0, 1) — the error grows with
 * x as RUL error grows with RUL. `predicted` is the true mean, `sigma` σ(x), `lo`/`hi` the true 5%/95% quantiles
 * shrunk by `quantileScale` (so CQR has something to correct). Seeded.
 */
export function heteroscedastic(seed: number, n: number, quantileScale = 0.7) {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: n }, () => rng.next());
  const sigma = x.map((v) => 0.2 + 2 * v);
  const predicted = x.map((v) => 10 * v);
  const truth = predicted.map((m, i) => m + sigma[i]! * normal(rng));
  const z = 1.6448536269514722 * quantileScale;
  return { x, sigma, predicted, truth, lo: predicted.map((m, i) => m - z * sigma[i]!), hi: predicted.map((m, i) => m + z * sigma[i]!) };
}
