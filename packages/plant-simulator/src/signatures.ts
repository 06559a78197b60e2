import type { FailureMode } from './failure-modes';

/**
 * What a failure mode does to the machine, as physical quantities the sensor model reads.
 * `damage` is 1 − health (0 healthy, 1 at failure), already shaped by the mode's curve.
 */
export interface Signature {
  /** Bearing defect severity, 0–1: drives broadband RMS, the BPFO line and friction heat. */
  bearing: number;
  /** Growth of the rotor unbalance U = m·e, 0–1 of the way to the trip level. */
  unbalance: number;
  /** Effective impeller diameter over design diameter, ≤ 1 (pump affinity laws). */
  diameterRatio: number;
  /** Hydraulic efficiency over design efficiency, ≤ 1 (internal recirculation losses). */
  efficiencyRatio: number;
  /** Insulation damage, 0–1: inter-turn leakage heats the winding and draws current. */
  insulation: number;
}

export const HEALTHY: Signature = Object.freeze({ bearing: 0, unbalance: 0, diameterRatio: 1, efficiencyRatio: 1, insulation: 0 });

/**
 * Impeller wear is lumped into a loss of effective diameter: tip erosion plus widened wear-ring
 * clearance. At failure the pump delivers ~82 % of design head-diameter, which by the affinity
 * laws (Q ∝ D, H ∝ D²) is −18 % flow and −33 % head: the point where it no longer holds duty.
 */
const DIAMETER_LOSS_AT_FAILURE = 0.18;
const EFFICIENCY_LOSS_AT_FAILURE = 0.15;

export function signatureOf(mode: FailureMode | null, damage: number): Signature {
  const d = Math.min(1, Math.max(0, damage));
  switch (mode) {
    case 'bearing-wear':
      return { ...HEALTHY, bearing: d };
    case 'imbalance':
      return { ...HEALTHY, unbalance: d };
    case 'impeller-wear':
      return { ...HEALTHY, diameterRatio: 1 - DIAMETER_LOSS_AT_FAILURE * d, efficiencyRatio: 1 - EFFICIENCY_LOSS_AT_FAILURE * d };
    case 'insulation':
      return { ...HEALTHY, insulation: d };
    case null:
      return HEALTHY;
  }
}
