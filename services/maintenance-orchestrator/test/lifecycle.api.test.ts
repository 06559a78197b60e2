import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkOrderStatus, type WorkOrder, type WorkOrderAuditEntry } from '@vigie/contracts';
import { canTransition } from '../src/domain/lifecycle';
import { startHarness, workOrderEvents, type Harness } from './support';

let h: Harness;

const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  h.service.app.inject({ method, url, ...(payload ? { payload } : {}) });

/** What closing needs: a closure code for done, a reason for cancelled. */
const closing = (status: WorkOrderStatus): object =>
  status === 'done' ? { closureCode: 'failure_found' } : status === 'cancelled' ? { cancelReason: 'asset scrapped' } : {};

/** The legal path from 'requested' to each status. */
const PATH: Record<WorkOrderStatus, WorkOrderStatus[]> = {
  requested: [],
  approved: ['approved'],
  planned: ['approved', 'planned'],
  assigned: ['approved', 'planned', 'assigned'],
  in_progress: ['approved', 'planned', 'assigned', 'in_progress'],
  done: ['approved', 'planned', 'assigned', 'in_progress', 'done'],
  cancelled: ['cancelled'],
};

async function orderIn(status: WorkOrderStatus): Promise<WorkOrder> {
  const res = await inject('POST', '/api/v1/work-orders', { assetId: 'cell-1', title: `to ${status}`, actor: 'planner' });
  expect(res.statusCode).toBe(201);
  const order = res.json() as WorkOrder;
  for (const s of PATH[status])
    expect((await inject('PUT', `/api/v1/work-orders/${order.id}`, { status: s, ...closing(s) })).statusCode).toBe(200);
  return order;
}

const audit = async (id: string) =>
  ((await inject('GET', `/api/v1/work-orders/${id}/audit`)).json() as { entries: WorkOrderAuditEntry[] }).entries;

/** Every (from, to) pair of the lifecycle table, through the HTTP API: legal ones succeed, illegal ones answer 409. */
describe('work-order lifecycle over HTTP, all pairs', () => {
  for (const from of WorkOrderStatus.options) {
    // One service per starting status keeps each below the HTTP rate limit's burst.
    describe(`from ${from}`, () => {
      beforeAll(async () => {
        h = await startHarness();
      });
      afterAll(async () => {
        await h.close();
      });
      for (const to of WorkOrderStatus.options) {
        if (from === to) continue;
        const legal = canTransition(from, to);
        it(`${from} → ${to}: ${legal ? '200, audited, published' : '409, unchanged'}`, async () => {
          const order = await orderIn(from);
          const auditBefore = (await audit(order.id)).length;
          const eventsBefore = workOrderEvents(h.bus).length;
          const res = await inject('PUT', `/api/v1/work-orders/${order.id}`, { status: to, ...closing(to), actor: 'alice' });
          const after = (await inject('GET', `/api/v1/work-orders/${order.id}`)).json() as WorkOrder;
          const entries = (await audit(order.id)).slice(auditBefore);
          if (legal) {
            expect(res.statusCode).toBe(200);
            expect(after.status).toBe(to);
            expect(entries.find((e) => e.what === 'status')).toMatchObject({ actor: 'alice', from, to });
            const event = workOrderEvents(h.bus).at(-1)!;
            expect(event.data.workOrder).toMatchObject({ id: order.id, status: to });
          } else {
            expect(res.statusCode).toBe(409);
            expect(res.json()).toMatchObject({ error: { code: 'WORK_ORDER_TRANSITION_INVALID', details: { from, to } } });
            expect(after.status).toBe(from);
            expect(entries).toEqual([]);
            expect(workOrderEvents(h.bus).length).toBe(eventsBefore);
          }
        });
      }
      it(`${from} → ${from} is no transition: 200, no status audit row`, async () => {
        const order = await orderIn(from);
        const res = await inject('PUT', `/api/v1/work-orders/${order.id}`, { status: from });
        expect(res.statusCode).toBe(200);
        expect((await audit(order.id)).filter((e) => e.what === 'status')).toHaveLength(PATH[from].length);
      });
    });
  }
});
