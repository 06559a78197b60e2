import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOPICS, type WorkOrder, type WorkOrderAuditEntry } from '@vigie/contracts';
import { NOW, publishEvents, rul, startHarness, waitConsumed, workOrderEvents, type Harness } from './support';

/**
 * The `close` rule action end to end (default rule rul-recovered): a RUL prediction whose lower bound says the asset
 * recovered cancels the predictive order nobody acted on yet, audited as the rules' doing with the rule's reason and
 * published; an order someone approved only gains the evidence.
 */
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const HOUR = 3_600_000;
const inject = (method: 'GET' | 'PUT', url: string, payload?: object) => h.service.app.inject({ method, url, ...(payload ? { payload } : {}) });
const orderOf = async (assetId: string): Promise<WorkOrder> => {
  const all = (await inject('GET', `/api/v1/work-orders?assetId=${assetId}`)).json() as { workOrders: WorkOrder[] };
  expect(all.workOrders).toHaveLength(1);
  return all.workOrders[0]!;
};
async function consume(events: Parameters<typeof publishEvents>[2]): Promise<void> {
  await publishEvents(h.bus, TOPICS.rulPredictions, events);
  await waitConsumed(h.bus, TOPICS.rulPredictions);
}

describe('a recovered asset (rule action close)', () => {
  it('cancels the requested order that rested on RUL alone, with the reason, an audit row and an event', async () => {
    await consume([rul({ assetId: 'P-101', lower: 50, rul: 60, upper: 80 })]);
    const opened = await orderOf('P-101');
    expect(opened.status).toBe('requested');
    await consume([rul({ assetId: 'P-101', lower: 900, rul: 1000, upper: 1100, predictedAt: NOW.getTime() + 2 * HOUR })]);
    const closed = await orderOf('P-101');
    expect(closed.status).toBe('cancelled');
    expect(closed.cancelReason).toMatch(/recovered.*\(rule rul-recovered\)/);
    expect(closed.evidence.rul as unknown[]).toHaveLength(2);
    const audit = ((await inject('GET', `/api/v1/work-orders/${opened.id}/audit`)).json() as { entries: WorkOrderAuditEntry[] }).entries;
    expect(audit.find((e) => e.what === 'status')).toMatchObject({ actor: 'system:rules', from: 'requested', to: 'cancelled' });
    const last = workOrderEvents(h.bus).at(-1)!;
    expect(last.data).toMatchObject({ change: 'updated', workOrder: { id: opened.id, status: 'cancelled' } });
  });

  it('keeps an order someone approved and only adds the prediction to its evidence', async () => {
    await consume([rul({ assetId: 'P-102', lower: 50, rul: 60, upper: 80 })]);
    const opened = await orderOf('P-102');
    expect((await inject('PUT', `/api/v1/work-orders/${opened.id}`, { status: 'approved', actor: 'planner-1' })).statusCode).toBe(200);
    await consume([rul({ assetId: 'P-102', lower: 900, rul: 1000, upper: 1100, predictedAt: NOW.getTime() + 2 * HOUR })]);
    const kept = await orderOf('P-102');
    expect(kept.status).toBe('approved');
    expect(kept.evidence.rul as unknown[]).toHaveLength(2);
    expect((kept.evidence.rul as { decidedBy?: unknown }[] | undefined)?.[1]?.decidedBy).toEqual({ ruleId: 'rul-recovered', ruleSetVersion: 1 });
  });
});
