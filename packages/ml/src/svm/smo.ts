import type { OneClassQ } from './q-matrix';
import { calculateRho } from './rho';
import { doShrinking, reconstructGradient } from './shrinking';
import { C, TAU, UPPER_BOUND, createState, updateStatus, type SmoState } from './smo-state';
import { selectWorkingSet } from './working-set';

/**
 * libsvm's SMO `Solver::Solve` for the ONE_CLASS problem (see smo-state.ts): working pairs from WSS3, the analytic
 * two-variable update clipped to the box, Gbar bookkeeping for shrinking, shrinking every min(l, 1000) iterations.
 */
export interface SmoOptions {
  eps: number;
  shrinking: boolean;
  /** Stop after this many iterations (libsvm's max_iter; Infinity = until the KKT gap is below eps). */
  maxIter: number;
}

export interface SmoResult {
  /** α in the original sample order. */
  alpha: Float64Array;
  rho: number;
  /** ½ αᵀQα at the solution. */
  obj: number;
  nIter: number;
  /** True when maxIter stopped the solver before the KKT gap fell below eps. */
  timedOut: boolean;
}

export function solveSmo(Q: OneClassQ, alpha0: Float64Array, options: SmoOptions): SmoResult {
  const s = createState(Q, alpha0, options.eps);
  const l = s.l;
  let iter = 0;
  let counter = Math.min(l, 1000) + 1;
  let timedOut = false;

  for (;;) {
    if (iter >= options.maxIter) {
      timedOut = true;
      break;
    }
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      if (options.shrinking) doShrinking(s);
    }
    let pair = selectWorkingSet(s);
    if (pair === null) {
      reconstructGradient(s);
      s.activeSize = l;
      pair = selectWorkingSet(s);
      if (pair === null) break;
      counter = 1; // shrink on the next iteration
    }
    ++iter;
    updatePair(s, pair[0], pair[1]);
  }

  const rho = calculateRho(s);
  let v = 0;
  for (let i = 0; i < l; i++) v += s.alpha[i]! * s.G[i]!; // α·(G + p), p = 0
  const alpha = new Float64Array(l);
  for (let i = 0; i < l; i++) alpha[s.activeSet[i]!] = s.alpha[i]!;
  return { alpha, rho, obj: v / 2, nIter: iter, timedOut };
}

/** One SMO step on (i, j), both with y = +1: move along αᵢ + αⱼ = const, clip to [0, C], update G and Gbar. */
function updatePair(s: SmoState, i: number, j: number): void {
  const { alpha, G, QD, activeSize } = s;
  let Qi = s.Q.getQ(i, activeSize, s.bufI);
  let Qj = s.Q.getQ(j, activeSize, s.bufJ);
  const oldAi = alpha[i]!;
  const oldAj = alpha[j]!;

  let quadCoef = QD[i]! + QD[j]! - 2 * Qi[j]!;
  if (quadCoef <= 0) quadCoef = TAU;
  const delta = (G[i]! - G[j]!) / quadCoef;
  const sum = alpha[i]! + alpha[j]!;
  alpha[i] = alpha[i]! - delta;
  alpha[j] = alpha[j]! + delta;
  if (sum > C) {
    if (alpha[i]! > C) {
      alpha[i] = C;
      alpha[j] = sum - C;
    }
  } else if (alpha[j]! < 0) {
    alpha[j] = 0;
    alpha[i] = sum;
  }
  if (sum > C) {
    if (alpha[j]! > C) {
      alpha[j] = C;
      alpha[i] = sum - C;
    }
  } else if (alpha[i]! < 0) {
    alpha[i] = 0;
    alpha[j] = sum;
  }

  const dAi = alpha[i]! - oldAi;
  const dAj = alpha[j]! - oldAj;
  for (let k = 0; k < activeSize; k++) G[k] = G[k]! + (Qi[k]! * dAi + Qj[k]! * dAj);

  const ui = s.status[i] === UPPER_BOUND;
  const uj = s.status[j] === UPPER_BOUND;
  updateStatus(s, i);
  updateStatus(s, j);
  if (ui !== (s.status[i] === UPPER_BOUND)) {
    Qi = s.Q.getQ(i, s.l, s.bufI);
    addRow(s.Gbar, Qi, ui ? -1 : 1);
  }
  if (uj !== (s.status[j] === UPPER_BOUND)) {
    Qj = s.Q.getQ(j, s.l, s.bufJ);
    addRow(s.Gbar, Qj, uj ? -1 : 1);
  }
}

/** Gbar ± C·Q_row (a variable reached or left its upper bound); a + (−b) equals a − b exactly, as in libsvm. */
function addRow(Gbar: Float64Array, row: Float32Array, sign: 1 | -1): void {
  const c = sign * C;
  for (let k = 0; k < Gbar.length; k++) Gbar[k] = Gbar[k]! + c * row[k]!;
}
