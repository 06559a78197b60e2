import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkOrder, WorkOrderStatus } from '@vigie/contracts';
import { startHarness, workOrderEvents, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  h.service.app.inject({ method, url, ...(payload ? { payload } : {}) });

async function create(assetId = 'mill-2', extra: object = {}): Promise<WorkOrder> {
  const res = await inject('POST', '/api/v1/work-orders', { assetId, title: 'Replace bearing', ...extra });
  expect(res.statusCode).toBe(201);
  return res.json() as WorkOrder;
}

/** A status change with what closing needs: a closure code for done, a reason for cancelled. */
const closing = (status: WorkOrderStatus): object =>
  status === 'done' ? { closureCode: 'part_replaced' } : status === 'cancelled' ? { cancelReason: 'not needed' } : {};
const setStatus = (id: string, status: WorkOrderStatus) => inject('PUT', `/api/v1/work-orders/${id}`, { status, ...closing(status) });

describe('work-order REST API', () => {
  it('creates a manual order (201) with defaults and publishes a created event', async () => {
    const before = workOrderEvents(h.bus).length;
    const order = await create('mill-2', { dueDate: '2030-02-01T00:00:00Z' });
    expect(order).toMatchObject({ cause: 'manual', status: 'requested', priority: 'P3', description: '', assignedTo: null });
    expect(order.dueDate).toBe('2030-02-01T00:00:00.000Z');
    const events = workOrderEvents(h.bus).slice(before);
    expect(events.map((e) => [e.data.change, e.data.workOrder.id, e.subject])).toEqual([['created', order.id, 'mill-2']]);
  });

  it('allows several open manual orders on one asset', async () => {
    await create('lathe-1');
    await create('lathe-1');
    const res = await inject('GET', '/api/v1/work-orders?assetId=lathe-1');
    expect((res.json() as { workOrders: WorkOrder[] }).workOrders).toHaveLength(2);
  });

  it('gets an order by id, 404 WORK_ORDER_NOT_FOUND otherwise', async () => {
    const order = await create();
    expect((await inject('GET', `/api/v1/work-orders/${order.id}`)).json()).toEqual({ ...order, comments: [] });
    for (const id of [crypto.randomUUID(), 'not-a-uuid']) {
      const res = await inject('GET', `/api/v1/work-orders/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'WORK_ORDER_NOT_FOUND' } });
    }
    const put = await setStatus(crypto.randomUUID(), 'approved');
    expect(put.statusCode).toBe(404);
    expect(put.json()).toMatchObject({ error: { code: 'WORK_ORDER_NOT_FOUND' } });
  });

  it.each([
    [{ title: 'no asset' }],
    [{ assetId: 'a b', title: 'bad asset id' }],
    [{ assetId: 'x', title: 'x', priority: 'P9' }],
    [{ assetId: 'x', title: 'x', unknown: true }],
  ])('answers 400 VALIDATION_FAILED on a malformed create body %j', async (body) => {
    const res = await inject('POST', '/api/v1/work-orders', body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('answers 400 VALIDATION_FAILED on a malformed update and on an unknown status filter', async () => {
    const order = await create();
    for (const body of [{}, { status: 'finished' }, { priority: 1 }]) {
      const res = await inject('PUT', `/api/v1/work-orders/${order.id}`, body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    const list = await inject('GET', '/api/v1/work-orders?status=open');
    expect(list.statusCode).toBe(400);
    expect(list.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('walks the whole lifecycle, publishing one updated event per change', async () => {
    const order = await create('conveyor-3');
    const before = workOrderEvents(h.bus).length;
    const path: WorkOrderStatus[] = ['approved', 'planned', 'assigned', 'in_progress', 'done'];
    for (const status of path) {
      const res = await setStatus(order.id, status);
      expect(res.statusCode).toBe(200);
      expect((res.json() as WorkOrder).status).toBe(status);
    }
    const events = workOrderEvents(h.bus).slice(before);
    expect(events.map((e) => [e.data.change, e.data.workOrder.status])).toEqual(path.map((s) => ['updated', s]));
  });

  it.each(['requested', 'approved', 'planned', 'assigned', 'in_progress'] as const)('cancels from %s', async (status) => {
    const order = await create();
    const path: WorkOrderStatus[] = ['approved', 'planned', 'assigned', 'in_progress'];
    for (const s of path.slice(0, path.indexOf(status as WorkOrderStatus) + 1)) expect((await setStatus(order.id, s)).statusCode).toBe(200);
    const res = await setStatus(order.id, 'cancelled');
    expect(res.statusCode).toBe(200);
    expect((res.json() as WorkOrder).status).toBe('cancelled');
  });

  it('refuses illegal transitions with 409 WORK_ORDER_TRANSITION_INVALID and changes nothing', async () => {
    const order = await create();
    const before = workOrderEvents(h.bus).length;
    for (const status of ['planned', 'done', 'in_progress'] as const) {
      const res = await setStatus(order.id, status);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'WORK_ORDER_TRANSITION_INVALID', details: { from: 'requested', to: status } } });
    }
    expect((await setStatus(order.id, 'cancelled')).statusCode).toBe(200);
    for (const status of ['requested', 'approved'] as const) {
      expect((await setStatus(order.id, status)).statusCode).toBe(409);
    }
    expect(((await inject('GET', `/api/v1/work-orders/${order.id}`)).json() as WorkOrder).status).toBe('cancelled');
    expect(workOrderEvents(h.bus).length - before).toBe(1);
  });

  it('updates other fields partially and filters the list by status', async () => {
    const order = await create('kiln-9');
    const res = await inject('PUT', `/api/v1/work-orders/${order.id}`, { priority: 'P1', assignedTo: 'tech-02', title: 'Urgent' });
    expect(res.json()).toMatchObject({ priority: 'P1', assignedTo: 'tech-02', title: 'Urgent', status: 'requested' });
    await setStatus(order.id, 'approved');
    const list = await inject('GET', '/api/v1/work-orders?assetId=kiln-9&status=approved,planned&limit=5');
    expect((list.json() as { workOrders: WorkOrder[] }).workOrders.map((o) => o.id)).toEqual([order.id]);
    const none = await inject('GET', '/api/v1/work-orders?assetId=kiln-9&status=done');
    expect((none.json() as { workOrders: WorkOrder[] }).workOrders).toEqual([]);
  });
});
