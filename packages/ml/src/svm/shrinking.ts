import { FREE, LOWER_BOUND, UPPER_BOUND, swapIndex, type SmoState } from './smo-state';

/**
 * libsvm's shrinking heuristic (`do_shrinking`, `be_shrunk`, `reconstruct_gradient`) for y ≡ +1: variables stuck at a
 * bound whose gradient says they will stay there leave the active set; the full gradient is rebuilt from Gbar once the
 * gap falls below 10·eps and again before the final optimality check.
 */
export function reconstructGradient(s: SmoState): void {
  const { l, activeSize, G, Gbar, alpha, status } = s;
  if (activeSize === l) return;
  for (let j = activeSize; j < l; j++) G[j] = Gbar[j]!; // + p[j] = 0

  let nrFree = 0;
  for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nrFree++;

  if (nrFree * l > 2 * activeSize * (l - activeSize)) {
    for (let i = activeSize; i < l; i++) {
      const Qi = s.Q.getQ(i, activeSize, s.bufI);
      for (let j = 0; j < activeSize; j++) if (status[j] === FREE) G[i] = G[i]! + alpha[j]! * Qi[j]!;
    }
  } else {
    for (let i = 0; i < activeSize; i++) {
      if (status[i] !== FREE) continue;
      const Qi = s.Q.getQ(i, l, s.bufI);
      const ai = alpha[i]!;
      for (let j = activeSize; j < l; j++) G[j] = G[j]! + ai * Qi[j]!;
    }
  }
}

function beShrunk(s: SmoState, i: number, Gmax1: number, Gmax2: number): boolean {
  const st = s.status[i];
  if (st === UPPER_BOUND) return -s.G[i]! > Gmax1;
  if (st === LOWER_BOUND) return s.G[i]! > Gmax2;
  return false;
}

export function doShrinking(s: SmoState): void {
  let Gmax1 = -Infinity; // max { −G_i | i in I_up }
  let Gmax2 = -Infinity; // max { G_i | i in I_low }
  for (let i = 0; i < s.activeSize; i++) {
    if (s.status[i] !== UPPER_BOUND && -s.G[i]! >= Gmax1) Gmax1 = -s.G[i]!;
    if (s.status[i] !== LOWER_BOUND && s.G[i]! >= Gmax2) Gmax2 = s.G[i]!;
  }

  if (!s.unshrink && Gmax1 + Gmax2 <= s.eps * 10) {
    s.unshrink = true;
    reconstructGradient(s);
    s.activeSize = s.l;
  }

  for (let i = 0; i < s.activeSize; i++) {
    if (!beShrunk(s, i, Gmax1, Gmax2)) continue;
    s.activeSize--;
    while (s.activeSize > i) {
      if (!beShrunk(s, s.activeSize, Gmax1, Gmax2)) {
        swapIndex(s, i, s.activeSize);
        break;
      }
      s.activeSize--;
    }
  }
}
