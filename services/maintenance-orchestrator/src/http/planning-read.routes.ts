import { defineRoute } from '@vigie/service-kit';
import { LatestPlanResponse, TechnicianListResponse } from '@vigie/contracts';
import type { UseCaseDeps } from '../use-cases/deps';
import { getLatestPlan, listTechnicianDirectory } from '../use-cases/read-planning';

/** Read-only planning views for the dashboard's Gantt: technicians and the latest stored plan. */
export function planningReadRoutes(deps: UseCaseDeps) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/technicians',
      summary: 'Technicians the planner may assign (skills, UTC shift, site)',
      tags: ['planning'],
      response: TechnicianListResponse,
      handler: () => listTechnicianDirectory(deps),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/planning/plans/latest',
      summary: 'The newest stored maintenance plan (null before the first optimisation), with the solver time limit and horizon',
      tags: ['planning'],
      response: LatestPlanResponse,
      handler: () => getLatestPlan(deps),
    }),
  ];
}
