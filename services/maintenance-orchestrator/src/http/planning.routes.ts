import { defineRoute } from '@vigie/service-kit';
import { CreateInterventionRequest, InterventionSchema, PlanningResponse } from '@vigie/contracts';
import { createIntervention } from '../use-cases/create-intervention';
import type { UseCaseDeps } from '../use-cases/deps';
import { actorOf } from './actor';
import { optimizePlanning } from '../use-cases/optimize-planning';

export function planningRoutes(deps: UseCaseDeps) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/interventions',
      summary: 'Schedule an intervention on a work order (moves an approved order to planned)',
      tags: ['interventions'],
      body: CreateInterventionRequest,
      response: InterventionSchema,
      status: 201,
      handler: ({ body, request }) => createIntervention(deps, { ...body, actor: actorOf(request, body.actor) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/planning/optimize',
      summary:
        'Plan open interventions and orders over the horizon (MILP with HiGHS: skills, site, shifts, overtime, due dates, priorities; the greedy earliest-due-date cost beside it), store and publish it',
      tags: ['planning'],
      response: PlanningResponse,
      handler: () => optimizePlanning(deps),
    }),
  ];
}
