import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOPICS, type WorkOrder, type WorkOrderAuditEntry } from '@vigie/contracts';
import { anomaly, NOW, publishEvents, rul, startHarness, waitConsumed, workOrderEvents, type Harness } from './support';

/**
 * One open predictive order per asset (migration 007, apply-signal.ts): an anomaly and a RUL prediction of one asset
 * merge into one order, whichever came first; evidence of both kinds, priority only raised, due date only earlier,
 * the merge audited with the deciding rule. Manual orders and other assets stay separate; a closed order does not
 * absorb the next signal.
 */
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const HOUR = 3_600_000;

const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  h.service.app.inject({ method, url, ...(payload ? { payload } : {}) });

async function orders(query = ''): Promise<WorkOrder[]> {
  const res = await inject('GET', `/api/v1/work-orders${query}`);
  expect(res.statusCode).toBe(200);
  return (res.json() as { workOrders: WorkOrder[] }).workOrders;
}

const audit = async (id: string) =>
  ((await inject('GET', `/api/v1/work-orders/${id}/audit`)).json() as { entries: WorkOrderAuditEntry[] }).entries;

async function consume(topic: string, events: Parameters<typeof publishEvents>[2]): Promise<void> {
  await publishEvents(h.bus, topic, events);
  await waitConsumed(h.bus, topic);
}

describe('one open predictive order per asset', () => {
  it('an anomaly then a RUL prediction: one order with both kinds of evidence, raised and due earlier', async () => {
    const a = anomaly({ criticality: 'medium', assetId: 'P-101' });
    const p = rul({ assetId: 'P-101', lower: 20, rul: 30, upper: 50 });
    await consume(TOPICS.anomaliesDetected, [a]);
    await consume(TOPICS.rulPredictions, [p]);
    const all = await orders('?assetId=P-101');
    expect(all).toHaveLength(1);
    const order = all[0]!;
    // The opener's cause and details; the RUL rule raises P3 to P1 and brings a due date.
    expect(order).toMatchObject({
      cause: 'anomaly',
      priority: 'P1',
      failureMode: 'abnormal-behaviour',
      requiredSkills: ['mechanical', 'vibration'],
      estimatedDurationHours: 2,
      dueDate: new Date(p.data.predictedAt + 20 * HOUR).toISOString(),
    });
    expect(order.evidence.anomalies).toEqual([
      expect.objectContaining({
        anomalyId: a.data.anomalyId,
        contributors: a.data.contributors,
        decidedBy: { ruleId: 'anomaly-medium', ruleSetVersion: 1 },
      }),
    ]);
    expect(order.evidence.rul).toEqual([
      expect.objectContaining({
        predictionId: p.data.predictionId,
        lower: 20,
        upper: 50,
        decidedBy: { ruleId: 'rul-p1', ruleSetVersion: 1 },
      }),
    ]);
    const merged = (await audit(order.id)).filter((e) => e.what === 'merged');
    expect(merged).toEqual([
      expect.objectContaining({
        actor: 'system:rules',
        from: { cause: 'anomaly' },
        to: { cause: 'rul', eventId: p.id, decidedBy: { ruleId: 'rul-p1', ruleSetVersion: 1 } },
      }),
    ]);
    expect(workOrderEvents(h.bus).map((e) => [e.data.change, e.data.workOrder.id])).toEqual([
      ['created', order.id],
      ['escalated', order.id],
    ]);
  });

  it('a RUL prediction then an anomaly: the same, never lowering the priority nor moving the due date later', async () => {
    const p = rul({ assetId: 'P-101', lower: 30, rul: 50, upper: 80 });
    const a = anomaly({ criticality: 'medium', assetId: 'P-101' });
    await consume(TOPICS.rulPredictions, [p]);
    await consume(TOPICS.anomaliesDetected, [a]);
    const all = await orders('?assetId=P-101');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      cause: 'rul',
      priority: 'P2',
      failureMode: 'wear-out',
      requiredSkills: ['mechanical'],
      dueDate: new Date(NOW.getTime() + 30 * HOUR).toISOString(),
    });
    expect(all[0]?.evidence.rul).toHaveLength(1);
    expect(all[0]?.evidence.anomalies).toEqual([expect.objectContaining({ anomalyId: a.data.anomalyId, score: a.data.score })]);
    expect((await audit(all[0]!.id)).filter((e) => e.what === 'merged')).toEqual([
      expect.objectContaining({ from: { cause: 'rul' }, to: expect.objectContaining({ cause: 'anomaly', eventId: a.id }) }),
    ]);
    expect(workOrderEvents(h.bus).map((e) => e.data.change)).toEqual(['created', 'updated']);
  });

  it('two assets: two orders', async () => {
    await consume(TOPICS.anomaliesDetected, [anomaly({ assetId: 'P-101' })]);
    await consume(TOPICS.rulPredictions, [rul({ assetId: 'P-102', lower: 40 })]);
    await consume(TOPICS.anomaliesDetected, [anomaly({ assetId: 'P-102' })]);
    const all = await orders();
    expect(all.map((o) => `${o.assetId}:${o.cause}`).sort()).toEqual(['P-101:anomaly', 'P-102:rul']);
    expect(all.find((o) => o.assetId === 'P-101')?.evidence.rul).toBeUndefined();
    expect(all.find((o) => o.assetId === 'P-102')?.evidence.anomalies).toHaveLength(1);
  });

  it.each(['done', 'cancelled'] as const)('once the order is %s, the next signal opens a new one', async (status) => {
    await consume(TOPICS.anomaliesDetected, [anomaly({ assetId: 'P-101' })]);
    const [first] = await orders();
    const closing = status === 'done' ? { status, closureCode: 'part_replaced' } : { status, cancelReason: 'duplicate' };
    for (const step of status === 'done' ? ['approved', 'planned', 'assigned', 'in_progress'] : []) {
      expect((await inject('PUT', `/api/v1/work-orders/${first!.id}`, { status: step })).statusCode).toBe(200);
    }
    expect((await inject('PUT', `/api/v1/work-orders/${first!.id}`, closing)).statusCode).toBe(200);
    await consume(TOPICS.rulPredictions, [rul({ assetId: 'P-101', lower: 40 })]);
    const all = await orders('?assetId=P-101');
    expect(all.map((o) => `${o.cause}:${o.status}`).sort()).toEqual([`anomaly:${status}`, 'rul:requested']);
    expect(all.find((o) => o.status === status)?.evidence.rul).toBeUndefined();
  });

  it('a manual order on the asset stays separate', async () => {
    const res = await inject('POST', '/api/v1/work-orders', { assetId: 'P-101', title: 'Yearly inspection', priority: 'P4' });
    expect(res.statusCode).toBe(201);
    await consume(TOPICS.anomaliesDetected, [anomaly({ assetId: 'P-101' })]);
    await consume(TOPICS.rulPredictions, [rul({ assetId: 'P-101', lower: 40 })]);
    const all = await orders('?assetId=P-101');
    expect(all.map((o) => o.cause).sort()).toEqual(['anomaly', 'manual']);
    expect(all.find((o) => o.cause === 'manual')?.evidence).toEqual({});
  });
});
