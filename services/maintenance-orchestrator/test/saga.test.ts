import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOPICS } from '@vigie/contracts';
import { silentLogger } from '@vigie/service-kit';
import { parseConfig } from '../src/config';
import { createMaintenanceOrchestratorService } from '../src/service';
import { applyAnomaly } from '../src/use-cases/apply-anomaly';
import { applyRulPrediction } from '../src/use-cases/apply-rul-prediction';
import { PREDICTIVE_SAGA, SAGA_STEPS, type SagaStepName } from '../src/use-cases/create-predictive-work-order';
import type { SagaProbe, UseCaseDeps } from '../src/use-cases/deps';
import { RuleBook } from '../src/use-cases/rule-book';
import { anomaly, NOW, publishEvents, rul, startHarness, waitConsumed, workOrderEvents, type Harness } from './support';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ config: { demoTechnicians: true } });
});
afterEach(async () => {
  await h.close();
});

/** Use-case deps on the harness database with a saga probe; the relay is the harness's. */
const depsWith = (sagaProbe?: SagaProbe): UseCaseDeps => ({
  db: h.db,
  relay: h.service.relay,
  config: parseConfig({ demoTechnicians: true }),
  rules: new RuleBook(),
  clock: () => NOW,
  ...(sagaProbe ? { sagaProbe } : {}),
});

const failAt =
  (step: SagaStepName, phase: 'before-commit' | 'after-commit', message: string): SagaProbe =>
  (p) => {
    if (p.step === step && p.phase === phase) throw new Error(message);
  };

async function count(table: string, where = 'true'): Promise<number> {
  const { rows } = await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`);
  return rows[0]?.n ?? 0;
}

/** Orders, interventions, reservations, queued work-orders events and event claims. */
async function footprint(): Promise<Record<string, number>> {
  return {
    orders: await count('work_orders'),
    interventions: await count('interventions'),
    reservations: await count('plan_reservations'),
    events: await count('outbox', `topic = '${TOPICS.workOrders}'`),
    claims: await count('processed_events'),
  };
}

interface SagaRowView {
  status: string;
  step: number;
  compensations: string[];
  error: string | null;
  state: { workOrderId: string };
}

async function sagas(): Promise<SagaRowView[]> {
  const { rows } = await h.db.query<SagaRowView>(
    'SELECT status, step, compensations, error, state FROM sagas WHERE kind = $1 ORDER BY created_at',
    [PREDICTIVE_SAGA],
  );
  return rows;
}

const ONE = { orders: 1, interventions: 1, reservations: 1, events: 1, claims: 1 };

describe('saga "create predictive work order"', () => {
  it('runs order → intervention on the earliest qualified slot → reservation → one created event', async () => {
    expect(await applyAnomaly(depsWith(), anomaly({ criticality: 'high', assetId: 'pump-9' }))).toBe('created');
    expect(await footprint()).toEqual(ONE);
    const [saga] = await sagas();
    expect(saga).toMatchObject({ status: 'completed', step: 4, compensations: [], error: null });
    // 'anomaly-high' needs mechanical + vibration: only tech-01 (06:00–14:00 UTC) qualifies.
    const { rows } = await h.db.query<{ technician_id: string; planned_start: Date; planned_end: Date; work_order_id: string }>(
      'SELECT technician_id, planned_start, planned_end, work_order_id FROM interventions',
    );
    expect(rows[0]).toMatchObject({ technician_id: 'tech-01', work_order_id: saga!.state.workOrderId });
    expect(rows[0]!.planned_start.toISOString()).toBe('2030-01-07T06:00:00.000Z');
    expect(rows[0]!.planned_end.toISOString()).toBe('2030-01-07T08:00:00.000Z');
    const reservation = await h.db.query<{ technician_id: string; slot_start: Date; plan_id: string | null }>(
      'SELECT technician_id, slot_start, plan_id FROM plan_reservations',
    );
    expect(reservation.rows[0]).toMatchObject({ technician_id: 'tech-01', plan_id: null });
    const events = workOrderEvents(h.bus);
    expect(events.map((e) => [e.data.change, e.data.workOrder.id])).toEqual([['created', saga!.state.workOrderId]]);
  });

  it('never double-books: the next order takes the next free slot; a RUL order lands before its due date', async () => {
    await applyAnomaly(depsWith(), anomaly({ criticality: 'high', assetId: 'a-1' }));
    await applyAnomaly(depsWith(), anomaly({ criticality: 'high', assetId: 'a-2' }));
    await applyRulPrediction(depsWith(), rul({ assetId: 'a-3', lower: 30 }));
    const { rows } = await h.db.query<{
      asset_id: string;
      technician_id: string;
      planned_start: Date;
      planned_end: Date;
      due_date: Date | null;
    }>(
      `SELECT w.asset_id, i.technician_id, i.planned_start, i.planned_end, w.due_date
       FROM interventions i JOIN work_orders w ON w.id = i.work_order_id ORDER BY w.asset_id`,
    );
    const view = rows.map((r) => [r.asset_id, r.technician_id, r.planned_start.toISOString(), r.planned_end.toISOString()]);
    expect(view).toEqual([
      ['a-1', 'tech-01', '2030-01-07T06:00:00.000Z', '2030-01-07T08:00:00.000Z'],
      ['a-2', 'tech-01', '2030-01-07T08:00:00.000Z', '2030-01-07T10:00:00.000Z'],
      // 'rul-p2' needs mechanical for 4 h: tech-01 is busy until 10:00; tech-01 and tech-03 (10:00–18:00) both finish at
      // 14:00, the tie goes to the first id (as in planGreedyEdd).
      ['a-3', 'tech-01', '2030-01-07T10:00:00.000Z', '2030-01-07T14:00:00.000Z'],
    ]);
    expect(rows[2]!.planned_end.getTime()).toBeLessThanOrEqual(rows[2]!.due_date!.getTime());
  });

  it('without a qualified technician the intervention is unassigned, starting now, and the saga still completes', async () => {
    await h.db.query('DELETE FROM technicians');
    await applyAnomaly(depsWith(), anomaly({ criticality: 'critical' }));
    const { rows } = await h.db.query<{ technician_id: string | null; planned_start: Date }>(
      'SELECT technician_id, planned_start FROM interventions',
    );
    expect(rows).toEqual([{ technician_id: null, planned_start: NOW }]);
    expect((await sagas())[0]?.status).toBe('completed');
  });

  it('reserves in the current maintenance plan', async () => {
    const plan = await h.service.app.inject({ method: 'GET', url: '/api/v1/planning/optimize' });
    expect(plan.statusCode).toBe(200);
    await applyAnomaly(depsWith(), anomaly({ criticality: 'high' }));
    const { rows } = await h.db.query<{ plan_id: string }>('SELECT plan_id FROM plan_reservations');
    expect(rows).toEqual([{ plan_id: (plan.json() as { planId: string }).planId }]);
  });

  describe('replayed events', () => {
    it('the same event twice, sequentially or concurrently, or redelivered by the bus: one order, intervention, reservation, event', async () => {
      const e = anomaly({ criticality: 'high' });
      expect(await applyAnomaly(depsWith(), e)).toBe('created');
      expect(await applyAnomaly(depsWith(), e)).toBe('duplicate');
      const f = anomaly({ criticality: 'high', assetId: 'twin' });
      expect((await Promise.all([applyAnomaly(depsWith(), f), applyAnomaly(depsWith(), f)])).sort()).toEqual(['created', 'duplicate']);
      const g = anomaly({ criticality: 'high', assetId: 'bus-1' });
      await publishEvents(h.bus, TOPICS.anomaliesDetected, [g, g]);
      await publishEvents(h.bus, TOPICS.anomaliesDetected, [g]);
      await waitConsumed(h.bus, TOPICS.anomaliesDetected);
      expect(await footprint()).toEqual({ orders: 3, interventions: 3, reservations: 3, events: 3, claims: 3 });
      expect((await sagas()).map((s) => s.status)).toEqual(['completed', 'completed', 'completed']);
    });
  });

  describe('compensation', () => {
    SAGA_STEPS.forEach((step, k) => {
      it(`a failure inside step ${k + 1} (${step}) undoes steps 1–${k}: nothing half-created, the saga row says compensated`, async () => {
        const e = anomaly({ criticality: 'high' });
        await expect(applyAnomaly(depsWith(failAt(step, 'before-commit', `injected in ${step}`)), e)).rejects.toThrow(
          `injected in ${step}`,
        );
        expect(await footprint()).toEqual({ orders: 0, interventions: 0, reservations: 0, events: 0, claims: 0 });
        expect(await count('work_order_audit')).toBe(0);
        const [saga, ...more] = await sagas();
        expect(more).toEqual([]);
        expect(saga).toMatchObject({ status: 'compensated', step: 0, error: `injected in ${step}` });
        // Committed steps are undone in reverse order; the failing one rolled back by itself.
        expect(saga!.compensations).toEqual([...SAGA_STEPS.slice(0, k)].reverse());
        await h.service.relay.runOnce();
        expect(workOrderEvents(h.bus)).toEqual([]);
        // The claim was released: a redelivery of the event creates the order for real.
        expect(await applyAnomaly(depsWith(), e)).toBe('created');
        expect(await footprint()).toEqual(ONE);
      });
    });

    SAGA_STEPS.slice(0, 3).forEach((step, k) => {
      it(`a failure between step ${k + 1} (${step}) and the next undoes steps 1–${k + 1}`, async () => {
        // An exception between steps in a live process: the next step fails the same way before-commit.
        const next = SAGA_STEPS[k + 1]!;
        await expect(applyAnomaly(depsWith(failAt(next, 'before-commit', 'boom')), anomaly({ criticality: 'high' }))).rejects.toThrow(
          'boom',
        );
        expect(await footprint()).toEqual({ orders: 0, interventions: 0, reservations: 0, events: 0, claims: 0 });
        expect((await sagas())[0]?.compensations).toEqual([...SAGA_STEPS.slice(0, k + 1)].reverse());
      });
    });
  });

  describe('crash recovery', () => {
    /** A second process on the same database and bus: its start resumes what the first left. */
    async function restart(): Promise<void> {
      const restarted = createMaintenanceOrchestratorService({
        bus: h.bus,
        db: h.db,
        logger: silentLogger(),
        config: { outbox: { pollIntervalMs: 60_000 }, demoTechnicians: true },
        clock: () => NOW,
      });
      await restarted.start();
      await restarted.stop();
    }

    SAGA_STEPS.slice(0, 3).forEach((step, k) => {
      it(`a crash after step ${k + 1} (${step}) is resumed at the next start: one order, intervention, reservation, event`, async () => {
        await expect(
          applyAnomaly(depsWith(failAt(step, 'after-commit', 'process died')), anomaly({ criticality: 'high' })),
        ).rejects.toThrow('process died');
        const [left] = await sagas();
        expect(left).toMatchObject({ status: 'running', step: k + 1 });
        expect(await count('outbox', `topic = '${TOPICS.workOrders}'`)).toBe(0);
        await restart();
        expect(await footprint()).toEqual(ONE);
        const [saga] = await sagas();
        expect(saga).toMatchObject({ status: 'completed', step: 4, compensations: [] });
        const events = workOrderEvents(h.bus);
        expect(events.map((e) => [e.data.change, e.data.workOrder.id])).toEqual([['created', saga!.state.workOrderId]]);
      });
    });

    it('a crash in the middle of a compensation is finished at the next start', async () => {
      await expect(
        applyAnomaly(depsWith(failAt('reservation', 'after-commit', 'process died')), anomaly({ criticality: 'high' })),
      ).rejects.toThrow();
      // As if the process had begun compensating (status written) and died before undoing anything.
      await h.db.query("UPDATE sagas SET status = 'compensating'");
      await restart();
      expect(await footprint()).toEqual({ orders: 0, interventions: 0, reservations: 0, events: 0, claims: 0 });
      expect((await sagas())[0]).toMatchObject({ status: 'compensated', step: 0, compensations: ['reservation', 'intervention', 'order'] });
      expect(workOrderEvents(h.bus)).toEqual([]);
    });

    it('an escalation while the saga is unfinished is published only through the saga, after the creation', async () => {
      await expect(
        applyAnomaly(depsWith(failAt('intervention', 'after-commit', 'process died')), anomaly({ criticality: 'medium' })),
      ).rejects.toThrow();
      expect(await applyAnomaly(depsWith(), anomaly({ criticality: 'critical' }))).toBe('escalated');
      await h.service.relay.runOnce();
      expect(workOrderEvents(h.bus)).toEqual([]);
      await restart();
      const events = workOrderEvents(h.bus);
      expect(events.map((e) => [e.data.change, e.data.workOrder.priority])).toEqual([['created', 'P1']]);
    });
  });
});
