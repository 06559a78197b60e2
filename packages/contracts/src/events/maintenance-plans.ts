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

export const MaintenancePlanSchema = z.object({
  planId: z.string(),
  createdAt: z.string().datetime({ offset: true }),
  horizonStart: z.string().datetime({ offset: true }),
  horizonEnd: z.string().datetime({ offset: true }),
  method: z.string(),
  objective: z.number(),
  assignments: z.array(PlanAssignmentSchema),
  unassigned: z.array(z.string()),
});
export type MaintenancePlan = z.infer<typeof MaintenancePlanSchema>;

export const MaintenancePlanEvent = defineEvent('vigie.maintenance-plans.v1', MaintenancePlanSchema);
