import type { OneClassQ } from './q-matrix';

/**
 * The working state of libsvm's `Solver` for the ONE_CLASS problem
 *   min ½ αᵀQα   subject to   0 ≤ αᵢ ≤ 1,  Σ αᵢ = ν·l,
 * i.e. libsvm's general form with y ≡ +1, p ≡ 0 and C ≡ 1. Those constants are folded in: every branch of svm.cpp
 * that tests y = −1 is unreachable for ONE_CLASS and is left out, every other line is kept in libsvm's order.
 * Arrays are indexed in the solver's current (shrinking-permuted) order; `activeSet[i]` maps back to the sample.
 */
export const LOWER_BOUND = 0;
export const UPPER_BOUND = 1;
export const FREE = 2;
/** Upper bound of every αᵢ (libsvm's C[i] = sample weight = 1). */
export const C = 1;
/** libsvm's TAU: the curvature used when the quadratic coefficient is not positive. */
export const TAU = 1e-12;

export interface SmoState {
  readonly l: number;
  readonly Q: OneClassQ;
  readonly QD: Float64Array;
  readonly eps: number;
  activeSize: number;
  unshrink: boolean;
  readonly alpha: Float64Array;
  readonly status: Uint8Array;
  /** Gradient of the objective, Qα. */
  readonly G: Float64Array;
  /** Gradient contributed by the variables at their upper bound only. */
  readonly Gbar: Float64Array;
  readonly activeSet: Int32Array;
  /** Row buffers, one per row the solver holds at the same time (libsvm keeps pointers into its cache). */
  readonly bufI: Float32Array;
  readonly bufJ: Float32Array;
  readonly bufSel: Float32Array;
}

export function createState(Q: OneClassQ, alpha0: Float64Array, eps: number): SmoState {
  const l = Q.l;
  const s: SmoState = {
    l,
    Q,
    QD: Q.QD,
    eps,
    activeSize: l,
    unshrink: false,
    alpha: Float64Array.from(alpha0),
    status: new Uint8Array(l),
    G: new Float64Array(l),
    Gbar: new Float64Array(l),
    activeSet: new Int32Array(l),
    bufI: new Float32Array(l),
    bufJ: new Float32Array(l),
    bufSel: new Float32Array(l),
  };
  for (let i = 0; i < l; i++) {
    updateStatus(s, i);
    s.activeSet[i] = i;
  }
  // G = Qα (+ p = 0); Gbar = C · Σ_{αᵢ = C} Q_i.
  for (let i = 0; i < l; i++) {
    if (s.status[i] === LOWER_BOUND) continue;
    const Qi = Q.getQ(i, l, s.bufI);
    const ai = s.alpha[i]!;
    for (let j = 0; j < l; j++) s.G[j] = s.G[j]! + ai * Qi[j]!;
    if (s.status[i] === UPPER_BOUND) for (let j = 0; j < l; j++) s.Gbar[j] = s.Gbar[j]! + C * Qi[j]!;
  }
  return s;
}

export function updateStatus(s: SmoState, i: number): void {
  const a = s.alpha[i]!;
  s.status[i] = a >= C ? UPPER_BOUND : a <= 0 ? LOWER_BOUND : FREE;
}

export function swapIndex(s: SmoState, i: number, j: number): void {
  s.Q.swapIndex(i, j);
  swap(s.G, i, j);
  swap(s.status, i, j);
  swap(s.alpha, i, j);
  swap(s.activeSet, i, j);
  swap(s.Gbar, i, j);
}

function swap(a: Float64Array | Uint8Array | Int32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
