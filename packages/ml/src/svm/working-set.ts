import { LOWER_BOUND, TAU, UPPER_BOUND, type SmoState } from './smo-state';

/**
 * libsvm's `Solver::select_working_set` (WSS3, Fan, Chen & Lin 2005) for y ≡ +1: i maximises −G over the
 * variables that can still grow, j minimises the second-order decrease of the objective among those that can shrink.
 * Ties go to the last index (`>=` / `<=`), exactly as in svm.cpp. Returns null when the KKT gap is below eps.
 */
export function selectWorkingSet(s: SmoState): [number, number] | null {
  const { G, QD, status, activeSize } = s;
  let Gmax = -Infinity;
  let Gmax2 = -Infinity;
  let GmaxIdx = -1;
  let GminIdx = -1;
  let objDiffMin = Infinity;

  for (let t = 0; t < activeSize; t++) {
    if (status[t] !== UPPER_BOUND && -G[t]! >= Gmax) {
      Gmax = -G[t]!;
      GmaxIdx = t;
    }
  }
  const i = GmaxIdx;
  // Gmax = −∞ when i = −1, so grad_diff below is never positive and Q_i is never read.
  const Qi = i !== -1 ? s.Q.getQ(i, activeSize, s.bufSel) : s.bufSel;
  const QDi = i !== -1 ? QD[i]! : 0;

  for (let j = 0; j < activeSize; j++) {
    if (status[j] === LOWER_BOUND) continue;
    const Gj = G[j]!;
    const gradDiff = Gmax + Gj;
    if (Gj >= Gmax2) Gmax2 = Gj;
    if (gradDiff > 0) {
      const quadCoef = QDi + QD[j]! - 2.0 * Qi[j]!;
      const objDiff = quadCoef > 0 ? -(gradDiff * gradDiff) / quadCoef : -(gradDiff * gradDiff) / TAU;
      if (objDiff <= objDiffMin) {
        GminIdx = j;
        objDiffMin = objDiff;
      }
    }
  }

  if (Gmax + Gmax2 < s.eps || GminIdx === -1) return null;
  return [GmaxIdx, GminIdx];
}
