import { PRIORITY_WEIGHT } from './priority';
import { shiftWindows, type PlanJob, type PlannedAssignment, type PlanTechnician } from './planning';

const HOUR_MS = 3_600_000;

/** Prices of the planning objective, in "P4 hours late" (a P1 hour late costs 8, see domain/priority.ts). */
export interface PlanCostWeights {
  /** Cost of one hour of overtime past a shift's end. */
  readonly overtimeCostPerHour: number;
  /** Overtime allowed per technician-day, in hours (0: none). */
  readonly maxOvertimeHours: number;
  /** Cost of leaving a job unplanned, in hours late of its priority: a P1 left out costs 8 × this. */
  readonly unassignedPenaltyHours: number;
}

/** Defaults: an overtime hour costs as much as two P4 hours late; leaving a job out as 1,000 hours late. */
export const DEFAULT_PLAN_COST: PlanCostWeights = { overtimeCostPerHour: 2, maxOvertimeHours: 2, unassignedPenaltyHours: 1000 };

/**
 * One shift of one technician within the horizon: work may start at `start`, runs without overtime until
 * `shiftEnd`, and with overtime until `limit` (≤ shiftEnd + max overtime, the horizon end and the next shift).
 */
export interface TechnicianDay {
  readonly technicianId: string;
  readonly start: number;
  readonly shiftEnd: number;
  readonly limit: number;
}

/** Every technician-day of the horizon, technician by technician in time order. */
export function technicianDays(technicians: readonly PlanTechnician[], from: Date, to: Date, maxOvertimeHours: number): TechnicianDay[] {
  const out: TechnicianDay[] = [];
  for (const t of technicians) {
    const windows = shiftWindows(t, from.getTime(), to.getTime());
    windows.forEach((w, i) => {
      const next = windows[i + 1]?.start ?? Number.POSITIVE_INFINITY;
      const limit = Math.min(w.end + maxOvertimeHours * HOUR_MS, to.getTime(), next);
      out.push({ technicianId: t.id, start: w.start, shiftEnd: w.end, limit: Math.max(limit, w.end) });
    });
  }
  return out;
}

/** What a plan costs, each part in objective units, and the overtime it uses. */
export interface PlanCost {
  readonly tardiness: number;
  readonly overtime: number;
  readonly unassigned: number;
  readonly total: number;
  readonly overtimeHours: number;
}

/**
 * The planning objective of a concrete schedule: Σ priority weight × hours late (completion after the due date)
 * + overtime cost × hours worked past each shift's end + penalty × weight of each job left out. Used for the greedy
 * plan and the MILP plan alike, so the two figures compare. Throws PLAN_OUTSIDE_SHIFTS if an assignment lies in no
 * technician-day (a bug, never user input).
 */
export function evaluatePlan(
  jobs: readonly PlanJob[],
  days: readonly TechnicianDay[],
  assignments: readonly Pick<PlannedAssignment, 'workOrderId' | 'technicianId' | 'start' | 'end'>[],
  unassigned: readonly string[],
  weights: PlanCostWeights,
): PlanCost {
  const byOrder = new Map(jobs.map((j) => [j.workOrderId, j]));
  let tardiness = 0;
  const lastEnd = new Map<TechnicianDay, number>();
  for (const a of assignments) {
    const job = byOrder.get(a.workOrderId);
    const end = a.end.getTime();
    if (job?.dueDate) tardiness += PRIORITY_WEIGHT[job.priority] * (Math.max(0, end - job.dueDate.getTime()) / HOUR_MS);
    const day = days.find((d) => d.technicianId === a.technicianId && a.start.getTime() >= d.start && end <= d.limit);
    if (!day) throw new Error(`PLAN_OUTSIDE_SHIFTS: ${a.workOrderId} on ${a.technicianId} at ${a.start.toISOString()}`);
    lastEnd.set(day, Math.max(lastEnd.get(day) ?? 0, end));
  }
  let overtimeHours = 0;
  for (const [day, end] of lastEnd) overtimeHours += Math.max(0, end - day.shiftEnd) / HOUR_MS;
  const unassignedCost = unassigned.reduce((s, id) => {
    const job = byOrder.get(id);
    return s + (job ? PRIORITY_WEIGHT[job.priority] * weights.unassignedPenaltyHours : 0);
  }, 0);
  const overtime = overtimeHours * weights.overtimeCostPerHour;
  return {
    tardiness: round(tardiness),
    overtime: round(overtime),
    unassigned: round(unassignedCost),
    total: round(tardiness + overtime + unassignedCost),
    overtimeHours: round(overtimeHours),
  };
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
