import type { LatestPlan, TechnicianList } from '@vigie/contracts';
import { latestPlan } from '../adapters/plan-history';
import { listTechnicians } from '../adapters/planning-repository';
import type { UseCaseDeps } from './deps';

/** Every technician the planner may assign, by id. */
export async function listTechnicianDirectory(deps: UseCaseDeps): Promise<TechnicianList> {
  return { technicians: await listTechnicians(deps.db) };
}

/** The newest stored plan (null before the first optimisation) with the planner's solver time limit and horizon. */
export async function getLatestPlan(deps: UseCaseDeps): Promise<LatestPlan> {
  return {
    plan: await latestPlan(deps.db),
    solverTimeLimitSeconds: deps.config.planning.solverTimeLimitSeconds,
    horizonDays: deps.config.planning.horizonDays,
  };
}
