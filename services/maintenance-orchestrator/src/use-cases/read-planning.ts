import type { LatestPlan, TechnicianList } from '@vigie/contracts';
import { latestPlan } from '../adapters/plan-history';
import { listTechnicians } from '../adapters/planning-repository';
import { openTechnician } from '../adapters/technician-secrets';
import type { UseCaseDeps } from './deps';

/** Every technician the planner may assign, by id, personal data opened (SECRET_* errors when it cannot be). */
export async function listTechnicianDirectory(deps: UseCaseDeps): Promise<TechnicianList> {
  const rows = await listTechnicians(deps.db);
  return {
    technicians: rows.map((row) => {
      const t = openTechnician(deps.secrets, row);
      return { ...t, email: t.email ?? null, phone: t.phone ?? null };
    }),
  };
}

/** The newest stored plan (null before the first optimisation) with the planner's solver time limit and horizon. */
export async function getLatestPlan(deps: UseCaseDeps): Promise<LatestPlan> {
  return {
    plan: await latestPlan(deps.db),
    solverTimeLimitSeconds: deps.config.planning.solverTimeLimitSeconds,
    horizonDays: deps.config.planning.horizonDays,
  };
}
