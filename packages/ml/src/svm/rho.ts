import { LOWER_BOUND, UPPER_BOUND, type SmoState } from './smo-state';

/**
 * libsvm's `Solver::calculate_rho` for y ≡ +1: the mean gradient over the free variables, or — when none is free —
 * the midpoint of the bounds the KKT conditions leave for ρ (max G over αᵢ = C, min G over αᵢ = 0).
 */
export function calculateRho(s: SmoState): number {
  let nrFree = 0;
  let ub = Infinity;
  let lb = -Infinity;
  let sumFree = 0;
  for (let i = 0; i < s.activeSize; i++) {
    const yG = s.G[i]!;
    if (s.status[i] === UPPER_BOUND) lb = Math.max(lb, yG);
    else if (s.status[i] === LOWER_BOUND) ub = Math.min(ub, yG);
    else {
      ++nrFree;
      sumFree += yG;
    }
  }
  return nrFree > 0 ? sumFree / nrFree : (ub + lb) / 2;
}
