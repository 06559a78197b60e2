import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS, type WorkOrder, type WorkOrderAuditEntry, type WorkOrderComment } from '@vigie/contracts';
import { anomaly, publishEvents, rul, startHarness, waitConsumed, workOrderEvents, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers?: Record<string, string>) =>
  h.service.app.inject({ method, url, ...(payload ? { payload } : {}), ...(headers ? { headers } : {}) });

async function create(assetId = 'mill-2'): Promise<WorkOrder> {
  const res = await inject('POST', '/api/v1/work-orders', { assetId, title: 'Replace bearing', actor: 'planner' });
  expect(res.statusCode).toBe(201);
  return res.json() as WorkOrder;
}

const put = (id: string, body: object, headers?: Record<string, string>) => inject('PUT', `/api/v1/work-orders/${id}`, body, headers);
const audit = async (id: string) =>
  ((await inject('GET', `/api/v1/work-orders/${id}/audit`)).json() as { entries: WorkOrderAuditEntry[] }).entries;

/** The work-orders events of one order, in publication order (one asset: one partition). */
const eventsOf = (id: string) => workOrderEvents(h.bus).filter((e) => e.data.workOrder.id === id);

async function walkTo(id: string, last: 'in_progress'): Promise<void> {
  for (const status of ['approved', 'planned', 'assigned', last]) expect((await put(id, { status })).statusCode).toBe(200);
}

describe('comments', () => {
  it('adds comments (201) listed oldest first on GET /work-orders/{id}, each audited', async () => {
    const order = await create();
    const first = await inject('POST', `/api/v1/work-orders/${order.id}/comments`, { author: 'bob', text: 'Noise since Monday' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ author: 'bob', text: 'Noise since Monday' });
    await inject('POST', `/api/v1/work-orders/${order.id}/comments`, { author: 'eve', text: 'Bearing ordered' });
    const got = (await inject('GET', `/api/v1/work-orders/${order.id}`)).json() as WorkOrder;
    expect((got.comments as WorkOrderComment[]).map((c) => [c.author, c.text])).toEqual([
      ['bob', 'Noise since Monday'],
      ['eve', 'Bearing ordered'],
    ]);
    const entries = (await audit(order.id)).filter((e) => e.what === 'comment');
    expect(entries.map((e) => [e.actor, (e.to as { text: string }).text])).toEqual([
      ['bob', 'Noise since Monday'],
      ['eve', 'Bearing ordered'],
    ]);
  });

  it('answers 404 WORK_ORDER_NOT_FOUND on an unknown order and 400 VALIDATION_FAILED on a bad body', async () => {
    for (const id of [crypto.randomUUID(), 'nope']) {
      const res = await inject('POST', `/api/v1/work-orders/${id}/comments`, { author: 'bob', text: 'x' });
      expect([res.statusCode, res.json().error.code]).toEqual([404, 'WORK_ORDER_NOT_FOUND']);
    }
    const order = await create();
    for (const body of [
      { author: 'bob' },
      { text: 'x' },
      { author: 'bob', text: '   ' },
      { author: '', text: 'x' },
      { author: 'b', text: 'x', extra: 1 },
    ]) {
      const res = await inject('POST', `/api/v1/work-orders/${order.id}/comments`, body);
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await audit(order.id)).filter((e) => e.what === 'comment')).toEqual([]);
  });
});

describe('closure codes', () => {
  it('refuses done without a closure code (400 WORK_ORDER_CLOSURE_CODE_REQUIRED) and changes nothing', async () => {
    const order = await create();
    await walkTo(order.id, 'in_progress');
    const before = workOrderEvents(h.bus).length;
    const res = await put(order.id, { status: 'done' });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'WORK_ORDER_CLOSURE_CODE_REQUIRED']);
    const unknown = await put(order.id, { status: 'done', closureCode: 'fixed_it' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(((await inject('GET', `/api/v1/work-orders/${order.id}`)).json() as WorkOrder).status).toBe('in_progress');
    expect(workOrderEvents(h.bus).length).toBe(before);
  });

  it('refuses a closure code without the change to done, and cancelled without a reason', async () => {
    const order = await create();
    const early = await put(order.id, { status: 'approved', closureCode: 'adjusted' });
    expect([early.statusCode, early.json().error.code]).toEqual([400, 'WORK_ORDER_CLOSURE_CODE_UNEXPECTED']);
    const noReason = await put(order.id, { status: 'cancelled' });
    expect([noReason.statusCode, noReason.json().error.code]).toEqual([400, 'WORK_ORDER_CANCEL_REASON_REQUIRED']);
    const stray = await put(order.id, { priority: 'P1', cancelReason: 'why not' });
    expect([stray.statusCode, stray.json().error.code]).toEqual([400, 'WORK_ORDER_CANCEL_REASON_UNEXPECTED']);
    const cancelled = await put(order.id, { status: 'cancelled', cancelReason: 'duplicate of another order' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'duplicate of another order', closureCode: null });
  });

  it('publishes the closure code with the model versions of the evidence on work-orders', async () => {
    await publishEvents(h.bus, TOPICS.anomaliesDetected, [anomaly({ assetId: 'gear-5', criticality: 'high', modelVersion: 'iforest-7' })]);
    await waitConsumed(h.bus, TOPICS.anomaliesDetected);
    await publishEvents(h.bus, TOPICS.anomaliesDetected, [
      anomaly({ assetId: 'gear-5', criticality: 'critical', modelVersion: 'iforest-8' }),
    ]);
    await waitConsumed(h.bus, TOPICS.anomaliesDetected);
    const [order] = (await inject('GET', '/api/v1/work-orders?assetId=gear-5').then((r) => r.json())).workOrders as WorkOrder[];
    await walkTo(order!.id, 'in_progress');
    const done = await put(order!.id, {
      status: 'done',
      closureCode: 'part_replaced',
      closureNote: 'bearing 6204 replaced',
      actor: 'tech-01',
    });
    expect(done.json()).toMatchObject({ status: 'done', closureCode: 'part_replaced', closureNote: 'bearing 6204 replaced' });
    const last = eventsOf(order!.id).at(-1)!;
    expect(last.data).toMatchObject({
      change: 'updated',
      workOrder: { id: order!.id, status: 'done', closureCode: 'part_replaced' },
      closure: { status: 'done', closureCode: 'part_replaced', cancelReason: null, modelVersions: ['iforest-7', 'iforest-8'] },
    });
    expect(eventsOf(order!.id).filter((e) => e.data.closure !== undefined)).toHaveLength(1);
  });

  it('publishes the cancel reason with the RUL model version', async () => {
    await publishEvents(h.bus, TOPICS.rulPredictions, [rul({ assetId: 'fan-3', lower: 20, modelVersion: 'gbt-9' })]);
    await waitConsumed(h.bus, TOPICS.rulPredictions);
    const [order] = (await inject('GET', '/api/v1/work-orders?assetId=fan-3').then((r) => r.json())).workOrders as WorkOrder[];
    const res = await put(order!.id, { status: 'cancelled', cancelReason: 'asset replaced' });
    expect(res.json()).toMatchObject({ status: 'cancelled' });
    expect(eventsOf(order!.id).at(-1)!.data.closure).toEqual({
      status: 'cancelled',
      closureCode: null,
      cancelReason: 'asset replaced',
      modelVersions: ['gbt-9'],
    });
  });
});

describe('audit trail', () => {
  it('records who changed what, from → to, for creation, status, priority, assignment and due date', async () => {
    const order = await create('press-1');
    await put(order.id, { status: 'approved', actor: 'alice' });
    await put(order.id, { priority: 'P1', assignedTo: 'tech-02' }, { 'x-vigie-actor': 'bob' });
    await put(order.id, { dueDate: '2030-02-01T00:00:00Z' });
    const entries = await audit(order.id);
    expect(entries.map((e) => [e.actor, e.what, e.from, e.to])).toEqual([
      ['planner', 'created', null, { status: 'requested', priority: 'P3' }],
      ['alice', 'status', 'requested', 'approved'],
      ['bob', 'priority', 'P3', 'P1'],
      ['bob', 'assignedTo', null, 'tech-02'],
      ['anonymous', 'dueDate', null, '2030-02-01T00:00:00.000Z'],
    ]);
    expect(entries.every((e) => e.workOrderId === order.id && !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });

  it('records the evidence the rules add and what they change, with the deciding rule, as system:rules', async () => {
    await publishEvents(h.bus, TOPICS.anomaliesDetected, [anomaly({ assetId: 'robot-2', criticality: 'medium' })]);
    await waitConsumed(h.bus, TOPICS.anomaliesDetected);
    const second = anomaly({ assetId: 'robot-2', criticality: 'critical' });
    await publishEvents(h.bus, TOPICS.anomaliesDetected, [second]);
    await waitConsumed(h.bus, TOPICS.anomaliesDetected);
    const [order] = (await inject('GET', '/api/v1/work-orders?assetId=robot-2').then((r) => r.json())).workOrders as WorkOrder[];
    const entries = await audit(order!.id);
    expect(entries.map((e) => [e.actor, e.what])).toEqual([
      ['system:rules', 'created'],
      ['system:rules', 'evidence'],
      ['system:saga', 'intervention'],
      ['system:rules', 'priority'],
      ['system:rules', 'evidence'],
    ]);
    expect(entries[3]).toMatchObject({ from: 'P3', to: 'P1' });
    expect(entries[4]?.to).toEqual({ kind: 'anomalies', eventId: second.id, decidedBy: { ruleId: 'anomaly-critical', ruleSetVersion: 1 } });
  });

  it('records a manual intervention and the change to planned', async () => {
    const order = await create();
    await put(order.id, { status: 'approved' });
    const res = await inject('POST', '/api/v1/interventions', {
      workOrderId: order.id,
      plannedStart: '2030-01-08T07:00:00Z',
      durationHours: 2,
      actor: 'dispatch',
    });
    expect(res.statusCode).toBe(201);
    const entries = (await audit(order.id)).slice(-2);
    expect(entries.map((e) => [e.actor, e.what, e.from, e.to])).toEqual([
      ['dispatch', 'intervention', null, expect.objectContaining({ technicianId: null, start: '2030-01-08T07:00:00.000Z' })],
      ['dispatch', 'status', 'approved', 'planned'],
    ]);
  });

  it('answers 404 on the audit of an unknown order; a refused change writes no audit row', async () => {
    const res = await inject('GET', `/api/v1/work-orders/${crypto.randomUUID()}/audit`);
    expect([res.statusCode, res.json().error.code]).toEqual([404, 'WORK_ORDER_NOT_FOUND']);
    const order = await create();
    await put(order.id, { status: 'done', closureCode: 'adjusted' });
    await put(order.id, { status: 'cancelled' });
    expect((await audit(order.id)).map((e) => e.what)).toEqual(['created']);
  });
});
