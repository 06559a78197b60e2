import type { MaintenancePlan } from '@vigie/contracts';
import { runWorker } from '@vigie/service-kit';
import { insertPlan, listPlanJobs, listPlanTechnicians } from '../adapters/planning-repository';
import type { OptimizedPlan } from '../domain/milp-planning';
import type { PlanMilpInput } from './plan-milp.worker';
import type { UseCaseDeps } from './deps';
import { enqueuePlanEvent } from './outbox-events';

const DAY_MS = 86_400_000;

/**
 * Plans the open interventions and orders over the next days with the MILP (domain/milp-planning.ts, HiGHS), the
 * greedy earliest-due-date plan priced beside it; falls back to the greedy plan, with the reason, if the solver fails
 * without a feasible plan. Stores the plan in maintenance_plans and emits it on `maintenance-plans`. The plan is a
 * proposal: interventions and orders are not changed by it. The solve runs outside the transaction (it may take the
 * configured time limit) in a worker thread, so the event loop keeps serving; jobs and technicians are read in a
 * snapshot first.
 */
export async function optimizePlanning(deps: UseCaseDeps): Promise<MaintenancePlan> {
  const now = deps.clock();
  const settings = deps.config.planning;
  const horizonEnd = new Date(now.getTime() + settings.horizonDays * DAY_MS);
  const { technicians, jobs } = await deps.db.transaction(async (tx) => ({
    technicians: await listPlanTechnicians(tx),
    jobs: await listPlanJobs(tx, settings.defaultDurationHours),
  }));
  const result = await runWorker<PlanMilpInput, OptimizedPlan>(new URL('./plan-milp.worker.ts', import.meta.url), {
    jobs,
    technicians,
    from: now,
    to: horizonEnd,
    options: {
      maxOvertimeHours: settings.maxOvertimeHours,
      overtimeCostPerHour: settings.overtimeCostPerHour,
      unassignedPenaltyHours: settings.unassignedPenaltyHours,
      timeLimitSeconds: settings.solverTimeLimitSeconds,
      mipRelGap: settings.mipRelGap,
    },
  });
  const plan: MaintenancePlan = {
    planId: crypto.randomUUID(),
    createdAt: now.toISOString(),
    horizonStart: now.toISOString(),
    horizonEnd: horizonEnd.toISOString(),
    method: result.method,
    objective: result.objective,
    assignments: result.assignments.map((a) => ({ ...a, start: a.start.toISOString(), end: a.end.toISOString() })),
    unassigned: [...result.unassigned],
    unassignedReasons: result.unassignedReasons.map((u) => ({ ...u })),
    cost: { ...result.cost },
    greedyObjective: result.greedyObjective,
    dualBound: result.dualBound,
    gap: result.gap,
    solveSeconds: Math.round(result.solveSeconds * 1000) / 1000,
    solverStatus: result.status,
    ...(result.fallbackReason === undefined ? {} : { fallbackReason: result.fallbackReason }),
  };
  await deps.db.transaction(async (tx) => {
    await insertPlan(tx, plan);
    await enqueuePlanEvent(tx, plan);
  });
  await deps.relay.afterCommit();
  return plan;
}
