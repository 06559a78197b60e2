import type { Rng } from '../random';

/** A k-means fit: centres (k × p, row-major), the label of each point and the within-cluster sum of squares. */
export interface KMeansFit {
  readonly k: number;
  readonly centres: Float64Array;
  readonly labels: Int32Array;
  readonly inertia: number;
}

/**
 * Lloyd's k-means from k-means++ seeding (Arthur & Vassilvitskii 2007), best of `restarts` by inertia, on n × p
 * points (row-major). Returns undefined when the points have fewer than k distinct values (no k-th seed to draw).
 */
export function kMeans(points: Float64Array, p: number, k: number, rng: Rng, restarts = 4, maxIter = 100): KMeansFit | undefined {
  let best: KMeansFit | undefined;
  for (let r = 0; r < restarts; r++) {
    const centres = seedPlusPlus(points, p, k, rng);
    if (centres === undefined) return undefined;
    const fit = lloyd(points, p, k, centres, maxIter);
    if (best === undefined || fit.inertia < best.inertia) best = fit;
  }
  return best;
}

/** Index of the centre nearest to point i (squared Euclidean distance) and that distance. */
export function nearest(points: Float64Array, i: number, p: number, centres: Float64Array, k: number): [number, number] {
  let arg = 0;
  let min = Infinity;
  for (let c = 0; c < k; c++) {
    let d = 0;
    for (let j = 0; j < p; j++) d += (points[i * p + j]! - centres[c * p + j]!) ** 2;
    if (d < min) [arg, min] = [c, d];
  }
  return [arg, min];
}

function seedPlusPlus(points: Float64Array, p: number, k: number, rng: Rng): Float64Array | undefined {
  const n = points.length / p;
  const centres = new Float64Array(k * p);
  const first = rng.int(n);
  centres.set(points.subarray(first * p, (first + 1) * p), 0);
  const d2 = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let j = 0; j < p; j++) d += (points[i * p + j]! - centres[(c - 1) * p + j]!) ** 2;
      if (d < d2[i]!) d2[i] = d;
      total += d2[i]!;
    }
    if (!(total > 0)) return undefined;
    let target = rng.next() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      target -= d2[i]!;
      if (target < 0 && d2[i]! > 0) {
        pick = i;
        break;
      }
    }
    centres.set(points.subarray(pick * p, (pick + 1) * p), c * p);
  }
  return centres;
}

function lloyd(points: Float64Array, p: number, k: number, centres: Float64Array, maxIter: number): KMeansFit {
  const n = points.length / p;
  const labels = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * p);
  const counts = new Float64Array(k);
  let inertia = 0;
  for (let iter = 0; iter < maxIter; iter++) {
    let changed = false;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      const [c, d] = nearest(points, i, p, centres, k);
      inertia += d;
      if (labels[i] !== c) [labels[i], changed] = [c, true];
    }
    if (!changed) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      counts[c]!++;
      for (let j = 0; j < p; j++) sums[c * p + j]! += points[i * p + j]!;
    }
    // An emptied cluster keeps its previous centre (cannot happen from ++ seeds on distinct points, but stays safe).
    for (let c = 0; c < k; c++) if (counts[c]! > 0) for (let j = 0; j < p; j++) centres[c * p + j] = sums[c * p + j]! / counts[c]!;
  }
  return { k, centres, labels, inertia };
}
