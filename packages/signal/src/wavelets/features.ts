/**
 * Per-level descriptors of wavedec coefficients [cA_J, cD_J, …, cD_1]:
 *   energy_j          E_j = Σ c²
 *   relative energy   E_j / Σ_i E_i
 *   entropy_j         Shannon entropy of the normalised coefficient energies of that level,
 *                     −Σ p ln p with p = c²/E_j (nats, 0·ln 0 = 0; 0 for an all-zero level)
 */
export interface LevelFeatures {
  energy: Float64Array;
  relativeEnergy: Float64Array;
  entropy: Float64Array;
}

export function waveletLevelFeatures(coeffs: readonly Float64Array[]): LevelFeatures {
  const levels = coeffs.length;
  const energy = new Float64Array(levels);
  const entropy = new Float64Array(levels);
  const relativeEnergy = new Float64Array(levels);
  let total = 0;
  for (let j = 0; j < levels; j++) {
    const c = coeffs[j]!;
    let e = 0;
    for (let i = 0; i < c.length; i++) e += c[i]! * c[i]!;
    let h = 0;
    if (e > 0) {
      for (let i = 0; i < c.length; i++) {
        const p = (c[i]! * c[i]!) / e;
        if (p > 0) h -= p * Math.log(p);
      }
    }
    energy[j] = e;
    entropy[j] = h;
    total += e;
  }
  for (let j = 0; j < levels; j++) relativeEnergy[j] = total > 0 ? energy[j]! / total : 0;
  return { energy, relativeEnergy, entropy };
}
