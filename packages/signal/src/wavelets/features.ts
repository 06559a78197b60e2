/**
 * Per-level descriptors of wavedec coefficients [cA_J, cD_J, …, cD_1]:
 *   energy_j          E_j = Σ c²
 *   relative energy   E_j / Σ_i E_i
 *   entropy_j         Shannon entropy of the normalised coefficient energies of that level,
 *                     −Σ p ln p with p = c²/E_j (nats, 0·ln 0 = 0; 0 for an all-zero level)
 * The entropy is taken in the same pass as the energy, as (E ln E − Σ c² ln c²)/E: the same sum rearranged, one
 * logarithm (fast-log.ts) and no division per coefficient.
 */
import { fastLog } from '../fast-log';

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
  for (let j = 0; j < levels; j++) {
    const c = coeffs[j]!;
    energyEntropyInto(c, 0, c.length, energy, j, entropy, j);
  }
  relativeEnergiesInto(energy, 0, levels, relativeEnergy, 0);
  return { energy, relativeEnergy, entropy };
}

/** E and the entropy of c[from…to), written to energy[e] and entropy[h]. */
export function energyEntropyInto(
  c: Float64Array,
  from: number,
  to: number,
  energy: Float64Array,
  e: number,
  entropy: Float64Array,
  h: number,
): void {
  let sum = 0;
  let qLogQ = 0;
  for (let i = from; i < to; i++) {
    const q = c[i]! * c[i]!;
    sum += q;
    if (q > 0) qLogQ += q * fastLog(q);
  }
  energy[e] = sum;
  entropy[h] = sum > 0 ? (sum * fastLog(sum) - qLogQ) / sum : 0; // one coefficient: exactly 0
}

/** energy[from…from + count) / their sum into out[offset…] (0 when the sum is 0). */
export function relativeEnergiesInto(energy: Float64Array, from: number, count: number, out: Float64Array, offset: number): void {
  let total = 0;
  for (let j = 0; j < count; j++) total += energy[from + j]!;
  for (let j = 0; j < count; j++) out[offset + j] = total > 0 ? energy[from + j]! / total : 0;
}
