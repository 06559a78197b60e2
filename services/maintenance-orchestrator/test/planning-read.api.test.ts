import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LatestPlanResponse,
  TechnicianListResponse,
  WORK_ORDER_NEXT_STATUS,
  WorkOrderStatus,
  legalWorkOrderTransitions,
  type MaintenancePlan,
} from '@vigie/contracts';
import { canTransition } from '../src/domain/lifecycle';
import { DEMO_TECHNICIANS } from '../src/use-cases/seed-demo-technicians';
import { startHarness, type Harness } from './support';

let h: Harness;
const SOLVER_SECONDS = 2;
beforeAll(async () => {
  h = await startHarness({ config: { demoTechnicians: true, planning: { solverTimeLimitSeconds: SOLVER_SECONDS, horizonDays: 5 } } });
});
afterAll(async () => {
  await h.close();
});

const get = (url: string) => h.service.app.inject({ method: 'GET', url });

describe('GET /api/v1/technicians', () => {
  it('lists every technician with skills, shift and site', async () => {
    const res = await get('/api/v1/technicians');
    expect(res.statusCode).toBe(200);
    const body = TechnicianListResponse.parse(res.json());
    expect(body.technicians.map((t) => t.id)).toEqual(DEMO_TECHNICIANS.map((t) => t.id));
    const first = body.technicians[0]!;
    expect(first).toMatchObject({ name: 'Camille Durand', skills: ['mechanical', 'vibration'], site: 'main' });
    expect(first.shiftStart.startsWith('06:00')).toBe(true);
  });
});

describe('GET /api/v1/planning/plans/latest', () => {
  it('answers a null plan before the first optimisation, with the solver time limit and horizon', async () => {
    const res = await get('/api/v1/planning/plans/latest');
    expect(res.statusCode).toBe(200);
    expect(LatestPlanResponse.parse(res.json())).toEqual({ plan: null, solverTimeLimitSeconds: SOLVER_SECONDS, horizonDays: 5 });
  });

  it('answers the newest plan once plans are stored', async () => {
    const created = await h.service.app.inject({
      method: 'POST',
      url: '/api/v1/work-orders',
      payload: { assetId: 'line-1', title: 'Replace belt' },
    });
    expect(created.statusCode).toBe(201);
    const first = (await get('/api/v1/planning/optimize')).json() as MaintenancePlan;
    const second = (await get('/api/v1/planning/optimize')).json() as MaintenancePlan;
    expect(second.planId).not.toBe(first.planId);
    const body = LatestPlanResponse.parse((await get('/api/v1/planning/plans/latest')).json());
    // Both plans share the pinned clock's createdAt: the id breaks the tie, so "latest" is one of them, deterministically.
    expect([first.planId, second.planId]).toContain(body.plan?.planId);
    const again = LatestPlanResponse.parse((await get('/api/v1/planning/plans/latest')).json());
    expect(again.plan?.planId).toBe(body.plan?.planId);
    const stored = body.plan?.planId === first.planId ? first : second;
    expect(body.plan).toEqual(stored);
    expect(body.plan?.assignments.some((a) => a.workOrderId === (created.json() as { id: string }).id)).toBe(true);
  });
});

/** The contracts' transition table, which clients use to offer only legal steps, agrees with the enforced one. */
describe('WORK_ORDER_NEXT_STATUS of @vigie/contracts', () => {
  for (const from of WorkOrderStatus.options) {
    it(`from ${from}: the same legal targets as domain/lifecycle`, () => {
      const enforced = WorkOrderStatus.options.filter((to) => to !== from && canTransition(from, to));
      expect([...legalWorkOrderTransitions(from)].sort()).toEqual([...enforced].sort());
    });
  }
  it('is frozen', () => {
    expect(Object.isFrozen(WORK_ORDER_NEXT_STATUS)).toBe(true);
  });
});
