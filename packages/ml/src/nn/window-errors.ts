import type { Matrix } from '../linalg/matrix';
import { reconstructWindow, type ConvAeArchitecture, type ConvAeWeights } from './conv-ae';

/**
 * Which windows score a time step t:
 * - `'causal'` — the window ending at t (rows t−w+1 … t): its error over all w steps, so a score uses no future row
 *   and is what an online scorer can compute when row t arrives. The error of a step persists for the w windows that
 *   contain it, so an anomaly raises the score from its first row until w − 1 rows after it ends.
 * - `'centred'` — the squared error at step t averaged over the w windows that contain it (rows t−w+1 … t+w−1):
 *   offline, sharper in time, uses future rows.
 * Rows before the first (and, centred, after the last) are taken equal to it, so every row gets a score; to score a
 * stream online, pass the previous w − 1 rows in front and keep the last scores.
 */
export type WindowScoring = 'causal' | 'centred';

/** Per-row, per-channel mean squared reconstruction error of a standardised series (rows × channels) → rows × channels. */
export function windowErrors(a: ConvAeArchitecture, weights: ConvAeWeights, Z: Matrix, scoring: WindowScoring): Matrix {
  const { window: w, channels: d } = a;
  const n = Z.rows;
  const out = new Float64Array(n * d);
  const x = new Float64Array(w * d);
  const fill = (end: number): Float64Array => {
    for (let s = 0; s < w; s++) {
      const r = Math.min(Math.max(end - w + 1 + s, 0), n - 1);
      x.set(Z.data.subarray(r * d, (r + 1) * d), s * d);
    }
    return reconstructWindow(a, weights, x);
  };
  if (scoring === 'causal') {
    for (let t = 0; t < n; t++) {
      const y = fill(t);
      for (let k = 0; k < w * d; k++) out[t * d + (k % d)]! += (x[k]! - y[k]!) ** 2 / w;
    }
  } else {
    for (let end = 0; end < n + w - 1; end++) {
      const y = fill(end);
      for (let s = 0; s < w; s++) {
        const r = end - w + 1 + s;
        if (r < 0 || r >= n) continue;
        for (let c = 0; c < d; c++) out[r * d + c]! += (x[s * d + c]! - y[s * d + c]!) ** 2 / w;
      }
    }
  }
  return { rows: n, cols: d, data: out };
}
