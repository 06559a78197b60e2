import type { Criticality, Priority } from '@vigie/contracts';

const RANK: Record<Priority, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };
const CRITICALITY_RANK: Record<Criticality, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** The more urgent of two priorities (P1 is the most urgent): escalation raises, never lowers. */
export function mostUrgent(a: Priority, b: Priority): Priority {
  return RANK[a] <= RANK[b] ? a : b;
}

/** Negative when `a` is more urgent than `b` (sort helper). */
export function comparePriority(a: Priority, b: Priority): number {
  return RANK[a] - RANK[b];
}

/** Weights of the planning objective: an hour late on a P1 costs eight hours late on a P4. */
export const PRIORITY_WEIGHT: Record<Priority, number> = { P1: 8, P2: 4, P3: 2, P4: 1 };

export function criticalityAtLeast(value: Criticality, threshold: Criticality): boolean {
  return CRITICALITY_RANK[value] >= CRITICALITY_RANK[threshold];
}

/** critical → P1, high → P2, medium → P3; low (only reached when the threshold is lowered) → P4. */
export function priorityForCriticality(criticality: Criticality): Priority {
  const byCriticality: Record<Criticality, Priority> = { critical: 'P1', high: 'P2', medium: 'P3', low: 'P4' };
  return byCriticality[criticality];
}
