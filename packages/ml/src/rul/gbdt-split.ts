/** Split finding of histogram boosting: the best (feature, bin, missing direction) of a node from its histogram. */
import type { FeatureCuts } from './gbdt-bins';

/**
 * A split of a node: rows with bin ≤ `bin` of `feature` go left, missing ones as `defaultLeft` says; bin −1 sends
 * every non-missing row right and the missing ones left.
 */
export interface Split {
  feature: number;
  bin: number;
  defaultLeft: boolean;
  gain: number;
  gLeft: number;
  hLeft: number;
  gRight: number;
  hRight: number;
}

/** xgboost's kRtEps: a split must reduce the loss by more than this to be considered at all. */
const MIN_GAIN = 1e-6;

/**
 * The split of largest gain GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ) (xgboost's loss_chg, Chen & Guestrin 2016, eq. 7
 * without the ½ and γ: γ is applied by pruning afterwards) over `features`, each child holding a hessian sum ≥
 * `minChildWeight` and > 0. `hist` holds (Σg, Σh) per slot, interleaved. Missing values are tried on both sides when
 * the node has any (the learned default direction), including "missing rows alone"; when it has none, the default goes to the child of larger hessian
 * sum, where unseen missing values most likely belong. Ties keep the first candidate (lowest feature, then lowest bin).
 * Undefined when no split gains more than 1e-6.
 */
export function bestSplit(
  hist: Float64Array,
  G: number,
  H: number,
  features: Int32Array,
  cuts: FeatureCuts,
  lambda: number,
  minChildWeight: number,
): Split | undefined {
  const parent = (G * G) / (H + lambda);
  const minH = Math.max(minChildWeight, 0);
  let best: Split | undefined;
  let bestGain = MIN_GAIN;
  for (let a = 0; a < features.length; a++) {
    const f = features[a]!;
    const nb = cuts.offsets[f + 1]! - cuts.offsets[f]!;
    const s0 = cuts.slotOffsets[f]! << 1;
    const gMiss = hist[s0 + 2 * nb]!;
    const hMiss = hist[s0 + 2 * nb + 1]!;
    const hasMissing = hMiss > 0;
    let gl = 0;
    let hl = 0;
    // b = −1: the missing rows alone on the left (xgboost's backward scan ends there too).
    for (let b = hasMissing ? -1 : 0; b < nb - 1; b++) {
      if (b >= 0) {
        const hb = hist[s0 + 2 * b + 1]!;
        // An empty bin repeats the previous candidate, which a tie would not replace: skip it (most bins of deep nodes).
        if (hb === 0 && b > 0) continue;
        gl += hist[s0 + 2 * b]!;
        hl += hb;
        // Missing values right (they are in G − GL, H − HL).
        const hr = H - hl;
        if (hl > 0 && hr > 0 && hl >= minH && hr >= minH) {
          const gr = G - gl;
          const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
          if (gain > bestGain) {
            bestGain = gain;
            best = { feature: f, bin: b, defaultLeft: !hasMissing && hl >= hr, gain, gLeft: gl, hLeft: hl, gRight: gr, hRight: hr };
          }
        }
      }
      if (!hasMissing) continue;
      // Missing values left.
      const gl2 = gl + gMiss;
      const hl2 = hl + hMiss;
      const hr = H - hl2;
      if (hl2 > 0 && hr > 0 && hl2 >= minH && hr >= minH) {
        const gr = G - gl2;
        const gain = (gl2 * gl2) / (hl2 + lambda) + (gr * gr) / (hr + lambda) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          best = { feature: f, bin: b, defaultLeft: true, gain, gLeft: gl2, hLeft: hl2, gRight: gr, hRight: hr };
        }
      }
    }
  }
  return best;
}
