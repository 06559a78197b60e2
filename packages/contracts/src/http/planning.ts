import { z } from 'zod';
import { MaintenancePlanSchema } from '../events/maintenance-plans';

/**
 * A technician the planner may assign (shift times are UTC `HH:MM[:SS]`; `site` bounds where they work). `name`,
 * `email` and `phone` are personal data: sealed at rest by the orchestrator, in clear only in this response.
 */
export const TechnicianSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  skills: z.array(z.string()),
  shiftStart: z.string(),
  shiftEnd: z.string(),
  site: z.string(),
});
export type Technician = z.infer<typeof TechnicianSchema>;

/** GET /api/v1/technicians: every technician, by id. */
export const TechnicianListResponse = z.object({ technicians: z.array(TechnicianSchema) });
export type TechnicianList = z.infer<typeof TechnicianListResponse>;

/**
 * GET /api/v1/planning/plans/latest: the newest stored plan (null before the first optimisation) and the planner's
 * bounds, so a client can show the progress of GET /api/v1/planning/optimize against the solver's time limit.
 */
export const LatestPlanResponse = z.object({
  plan: MaintenancePlanSchema.nullable(),
  solverTimeLimitSeconds: z.number().positive(),
  horizonDays: z.number().int().positive(),
});
export type LatestPlan = z.infer<typeof LatestPlanResponse>;
