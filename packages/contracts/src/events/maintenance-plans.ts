import { z } from 'zod';
import { defineEvent } from '../envelope';

export const PlanAssignmentSchema = z.object({
  interventionId: z.string(),
  workOrderId: z.string(),
  technicianId: z.string(),
  start: z.string().datetime({ offset: true }),
  end: z.string().datetime({ offset: true }),
  tardinessHours: z.number().nonnegative(),
});

/** What a plan costs (objective units: hours late × priority weight; see the orchestrator's domain/plan-cost.ts). */
export const PlanCostSchema = z.object({
  tardiness: z.number().nonnegative(),
  overtime: z.number().nonnegative(),
  unassigned: z.number().nonnegative(),
  total: z.number().nonnegative(),
  overtimeHours: z.number().nonnegative(),
});

export const UnassignedJobSchema = z.object({
  workOrderId: z.string(),
  /** NO_QUALIFIED_TECHNICIAN, LONGER_THAN_ANY_SHIFT or NO_CAPACITY_IN_HORIZON. */
  reason: z.string(),
});

export const MaintenancePlanSchema = z.object({
  planId: z.string(),
  createdAt: z.string().datetime({ offset: true }),
  horizonStart: z.string().datetime({ offset: true }),
  horizonEnd: z.string().datetime({ offset: true }),
  method: z.string(),
  objective: z.number(),
  assignments: z.array(PlanAssignmentSchema),
  unassigned: z.array(z.string()),
  /** Optimisation details (absent on plans stored before the MILP planner). */
  unassignedReasons: z.array(UnassignedJobSchema).optional(),
  cost: PlanCostSchema.optional(),
  /** Cost of the greedy earliest-due-date plan on the same instance and cost function. */
  greedyObjective: z.number().optional(),
  /** Solver's proven lower bound on the optimum, and (objective − bound) / objective; null when no solver ran. */
  dualBound: z.number().nullable().optional(),
  gap: z.number().nonnegative().nullable().optional(),
  solveSeconds: z.number().nonnegative().optional(),
  /** optimal (within the configured gap), time-limit (best plan found in time) or fallback (greedy plan, see fallbackReason). */
  solverStatus: z.enum(['optimal', 'time-limit', 'fallback']).optional(),
  fallbackReason: z.string().optional(),
});
export type MaintenancePlan = z.infer<typeof MaintenancePlanSchema>;

export const MaintenancePlanEvent = defineEvent('vigie.maintenance-plans.v1', MaintenancePlanSchema);
