import type { MaintenancePlan } from '@vigie/contracts';
import { insertPlan, listPlanJobs, listTechnicians, toPlanTechnicians } from '../adapters/planning-repository';
import { planGreedyEdd } from '../domain/planning';
import type { UseCaseDeps } from './deps';
import { enqueuePlanEvent } from './outbox-events';

const DAY_MS = 86_400_000;

/**
 * Plans the open interventions and orders over the next days with the greedy earliest-due-date heuristic, stores
 * the plan in maintenance_plans and emits it on `maintenance-plans`. The plan is a proposal: interventions and
 * orders are not changed by it.
 */
export async function optimizePlanning(deps: UseCaseDeps): Promise<MaintenancePlan> {
  const now = deps.clock();
  const horizonEnd = new Date(now.getTime() + deps.config.planning.horizonDays * DAY_MS);
  const plan = await deps.db.transaction(async (tx) => {
    const technicians = toPlanTechnicians(await listTechnicians(tx));
    const jobs = await listPlanJobs(tx, deps.config.planning.defaultDurationHours);
    const result = planGreedyEdd(jobs, technicians, now, horizonEnd);
    const stored: MaintenancePlan = {
      planId: crypto.randomUUID(),
      createdAt: now.toISOString(),
      horizonStart: now.toISOString(),
      horizonEnd: horizonEnd.toISOString(),
      method: 'greedy-edd',
      objective: result.objective,
      assignments: result.assignments.map((a) => ({
        ...a,
        start: a.start.toISOString(),
        end: a.end.toISOString(),
      })),
      unassigned: [...result.unassigned],
    };
    await insertPlan(tx, stored);
    await enqueuePlanEvent(tx, stored);
    return stored;
  });
  await deps.relay.afterCommit();
  return plan;
}
