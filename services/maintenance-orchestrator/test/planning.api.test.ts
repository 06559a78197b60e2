import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaintenancePlanSchema, TOPICS, type MaintenancePlan, type WorkOrder } from '@vigie/contracts';
import { silentLogger } from '@vigie/service-kit';
import { listTechnicians, toPlanTechnicians } from '../src/adapters/planning-repository';
import { parseConfig } from '../src/config';
import { PRIORITY_WEIGHT } from '../src/domain/priority';
import { createMaintenanceOrchestratorService } from '../src/service';
import { expectConsistentPlan } from './plan-checks';
import { anomaly, NOW, published, publishEvents, rul, startHarness, waitConsumed, type Harness } from './support';

let h: Harness;
const SOLVER_SECONDS = 3;
beforeAll(async () => {
  h = await startHarness({ config: { demoTechnicians: true, planning: { solverTimeLimitSeconds: SOLVER_SECONDS } } });
});
afterAll(async () => {
  await h.close();
});

const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  h.service.app.inject({ method, url, ...(payload ? { payload } : {}) });

async function create(title: string, extra: object = {}): Promise<WorkOrder> {
  const res = await inject('POST', '/api/v1/work-orders', { assetId: 'line-1', title, ...extra });
  expect(res.statusCode).toBe(201);
  return res.json() as WorkOrder;
}
const status = async (id: string) => ((await inject('GET', `/api/v1/work-orders/${id}`)).json() as WorkOrder).status;

describe('interventions', () => {
  it('schedules an intervention and moves an approved order to planned', async () => {
    const order = await create('Align shaft');
    await inject('PUT', `/api/v1/work-orders/${order.id}`, { status: 'approved' });
    const res = await inject('POST', '/api/v1/interventions', {
      workOrderId: order.id,
      technicianId: 'tech-01',
      plannedStart: '2030-01-08T07:00:00Z',
      durationHours: 2.5,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      workOrderId: order.id,
      technicianId: 'tech-01',
      plannedStart: '2030-01-08T07:00:00.000Z',
      plannedEnd: '2030-01-08T09:30:00.000Z',
      status: 'planned',
    });
    expect(await status(order.id)).toBe('planned');
  });

  it('leaves a requested order requested (requested → planned is not a legal step)', async () => {
    const order = await create('Inspect');
    const res = await inject('POST', '/api/v1/interventions', { workOrderId: order.id, plannedStart: '2030-01-08T07:00:00Z', durationHours: 1 });
    expect(res.statusCode).toBe(201);
    expect(await status(order.id)).toBe('requested');
  });

  it('refuses unknown orders (404), unknown technicians (404), final orders (409) and bad bodies (400)', async () => {
    const body = { plannedStart: '2030-01-08T07:00:00Z', durationHours: 1 };
    const unknown = await inject('POST', '/api/v1/interventions', { ...body, workOrderId: crypto.randomUUID() });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'WORK_ORDER_NOT_FOUND']);
    const order = await create('Lubricate');
    const noTech = await inject('POST', '/api/v1/interventions', { ...body, workOrderId: order.id, technicianId: 'ghost' });
    expect([noTech.statusCode, noTech.json().error.code]).toEqual([404, 'NOT_FOUND']);
    await inject('PUT', `/api/v1/work-orders/${order.id}`, { status: 'cancelled', cancelReason: 'duplicate' });
    const final = await inject('POST', '/api/v1/interventions', { ...body, workOrderId: order.id });
    expect([final.statusCode, final.json().error.code]).toEqual([409, 'WORK_ORDER_TRANSITION_INVALID']);
    const bad = await inject('POST', '/api/v1/interventions', { workOrderId: order.id, durationHours: -1 });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('planning', () => {
  it('seeds the four demo technicians once', async () => {
    expect(await listTechnicians(h.db)).toHaveLength(4);
    const again = createMaintenanceOrchestratorService({ bus: h.bus, db: h.db, logger: silentLogger(), config: { demoTechnicians: true } });
    await again.start();
    await again.stop();
    expect(await listTechnicians(h.db)).toHaveLength(4);
  });

  it('returns a consistent MILP plan with the greedy cost beside it, stores it and publishes it', async () => {
    await publishEvents(h.bus, TOPICS.rulPredictions, [rul({ assetId: 'gear-1', lower: 5 }), rul({ assetId: 'gear-2', lower: 60 })]);
    await publishEvents(h.bus, TOPICS.anomaliesDetected, [anomaly({ assetId: 'gear-3', criticality: 'critical' })]);
    await waitConsumed(h.bus, TOPICS.rulPredictions);
    await waitConsumed(h.bus, TOPICS.anomaliesDetected);
    for (let i = 0; i < 12; i++) await create(`Routine ${i}`, { dueDate: new Date(NOW.getTime() + (i + 1) * 7_200_000).toISOString() });

    const res = await inject('GET', '/api/v1/planning/optimize');
    expect(res.statusCode).toBe(200);
    const plan = MaintenancePlanSchema.parse(res.json());
    expect(plan.method).toBe('milp-highs');
    expect(['optimal', 'time-limit']).toContain(plan.solverStatus);
    expect(plan.gap).toBeGreaterThanOrEqual(0);
    expect(plan.gap).toBeLessThan(0.1);
    expect(plan.solveSeconds).toBeLessThan(SOLVER_SECONDS + 2);
    expect(plan.dualBound).toBeLessThanOrEqual(plan.objective + 1e-6);
    expect(plan.objective).toBeLessThanOrEqual(plan.greedyObjective! + 1e-6);
    expect(plan.solveSeconds).toBeGreaterThan(0);
    expect(plan.horizonStart).toBe(NOW.toISOString());
    expect(new Date(plan.horizonEnd).getTime() - NOW.getTime()).toBe(7 * 86_400_000);

    const { rows: open } = await h.db.query<{ id: string }>("SELECT id FROM work_orders WHERE status IN ('requested', 'approved', 'planned')");
    const planned = new Set([...plan.assignments.map((a) => a.workOrderId), ...plan.unassigned]);
    for (const { id } of open) expect(planned.has(id), `order ${id} missing from the plan`).toBe(true);
    expect(plan.assignments.length).toBeGreaterThanOrEqual(15);

    const technicians = toPlanTechnicians(await listTechnicians(h.db));
    const overtime = parseConfig().planning.maxOvertimeHours;
    expectConsistentPlan(plan.assignments, technicians, NOW, new Date(plan.horizonEnd), overtime);
    const priorities = new Map((await h.db.query<{ id: string; priority: 'P1' | 'P2' | 'P3' | 'P4' }>('SELECT id, priority FROM work_orders')).rows.map((r) => [r.id, r.priority]));
    const tardiness = plan.assignments.reduce((s, a) => s + PRIORITY_WEIGHT[priorities.get(a.workOrderId)!] * a.tardinessHours, 0);
    expect(plan.cost?.tardiness).toBeCloseTo(tardiness, 6);
    expect(plan.objective).toBeCloseTo(plan.cost!.tardiness + plan.cost!.overtime + plan.cost!.unassigned, 6);
    expect(plan.objective).toBeGreaterThan(0); // gear-1 is due at 05:00, before any shift starts

    const { rows: stored } = await h.db.query<{ plan: MaintenancePlan }>('SELECT plan FROM maintenance_plans WHERE id = $1', [plan.planId]);
    expect(stored[0]?.plan).toEqual(plan);
    const events = published<MaintenancePlan>(h.bus, TOPICS.maintenancePlans);
    expect(events.map((e) => e.data)).toContainEqual(plan);
  });
  it('gives an order needing a skill to a technician holding it, and leaves an order of another site out with the reason', async () => {
    const lube = await create('Grease bearings', { dueDate: new Date(NOW.getTime() + 30 * 3_600_000).toISOString() });
    const remote = await create('Remote pump check');
    await h.db.query("UPDATE work_orders SET required_skills = '{lubrication}', estimated_duration_hours = 1.5 WHERE id = $1", [lube.id]);
    await h.db.query("UPDATE work_orders SET site = 'remote-site' WHERE id = $1", [remote.id]);
    const plan = MaintenancePlanSchema.parse((await inject('GET', '/api/v1/planning/optimize')).json());
    const placed = plan.assignments.find((a) => a.workOrderId === lube.id);
    expect(placed?.technicianId).toBe('tech-03'); // the only demo technician with lubrication
    expect(new Date(placed!.end).getTime() - new Date(placed!.start).getTime()).toBe(1.5 * 3_600_000);
    expect(plan.unassignedReasons).toContainEqual({ workOrderId: remote.id, reason: 'NO_QUALIFIED_TECHNICIAN' });
    expect(plan.unassigned).toContain(remote.id);
  });
});
