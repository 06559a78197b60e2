import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOPICS, type WorkOrder } from '@vigie/contracts';
import { anomaly, published, publishEvents, rul, startHarness, waitConsumed, workOrderEvents, type Harness } from './support';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function orders(query = ''): Promise<WorkOrder[]> {
  const res = await h.service.app.inject({ method: 'GET', url: `/api/v1/work-orders${query}` });
  expect(res.statusCode).toBe(200);
  return (res.json() as { workOrders: WorkOrder[] }).workOrders;
}

async function consume(topic: string, events: Parameters<typeof publishEvents>[2]): Promise<void> {
  await publishEvents(h.bus, topic, events);
  await waitConsumed(h.bus, topic);
}

describe('anomalies-detected consumer', () => {
  it('opens an anomaly order with its evidence and publishes one created event', async () => {
    const e = anomaly({ criticality: 'critical', assetId: 'press-7' });
    await consume(TOPICS.anomaliesDetected, [e]);
    const [order] = await orders('?assetId=press-7');
    expect(order).toMatchObject({ assetId: 'press-7', cause: 'anomaly', priority: 'P1', status: 'requested' });
    expect((order?.evidence.anomalies as unknown[])[0]).toMatchObject({ anomalyId: e.data.anomalyId, eventId: e.id });
    const events = workOrderEvents(h.bus);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'vigie.work-orders.v1', subject: 'press-7', data: { change: 'created' } });
  });

  it('replaying the same event twice makes one order and one work-orders event', async () => {
    const e = anomaly({ criticality: 'high' });
    await consume(TOPICS.anomaliesDetected, [e, e]);
    await consume(TOPICS.anomaliesDetected, [e]);
    const all = await orders();
    expect(all).toHaveLength(1);
    expect(all[0]?.evidence.anomalies).toHaveLength(1);
    expect(workOrderEvents(h.bus)).toHaveLength(1);
  });

  it('escalates the open order instead of opening a second one, and never lowers it', async () => {
    await consume(TOPICS.anomaliesDetected, [anomaly({ criticality: 'medium' })]);
    await consume(TOPICS.anomaliesDetected, [anomaly({ criticality: 'critical' })]);
    await consume(TOPICS.anomaliesDetected, [anomaly({ criticality: 'medium' })]);
    const all = await orders();
    expect(all).toHaveLength(1);
    expect(all[0]?.priority).toBe('P1');
    expect(all[0]?.evidence.anomalies).toHaveLength(3);
    expect(workOrderEvents(h.bus).map((e) => [e.data.change, e.data.workOrder.priority])).toEqual([
      ['created', 'P3'],
      ['escalated', 'P1'],
      ['updated', 'P1'],
    ]);
  });

  it('a low anomaly opens nothing, and only annotates an open order', async () => {
    await consume(TOPICS.anomaliesDetected, [anomaly({ criticality: 'low' })]);
    expect(await orders()).toHaveLength(0);
    expect(workOrderEvents(h.bus)).toHaveLength(0);
    await consume(TOPICS.anomaliesDetected, [anomaly({ criticality: 'high' }), anomaly({ criticality: 'low' })]);
    const all = await orders();
    expect(all).toHaveLength(1);
    expect(all[0]?.priority).toBe('P2');
    expect(all[0]?.evidence.anomalies).toHaveLength(2);
  });

  it('opens a new order once the previous one is done', async () => {
    await consume(TOPICS.anomaliesDetected, [anomaly()]);
    const [first] = await orders();
    await h.db.query("UPDATE work_orders SET status = 'done' WHERE id = $1", [first!.id]);
    await consume(TOPICS.anomaliesDetected, [anomaly()]);
    expect((await orders()).map((o) => o.status).sort()).toEqual(['done', 'requested']);
  });

  it('records the assets it sees', async () => {
    await consume(TOPICS.anomaliesDetected, [anomaly({ assetId: 'fan-1', criticality: 'low' })]);
    const { rows } = await h.db.query<{ asset_id: string }>('SELECT asset_id FROM assets');
    expect(rows.map((r) => r.asset_id)).toEqual(['fan-1']);
  });
});

describe('rul-predictions consumer', () => {
  it('opens a rul order due at prediction time + lower, into which the next anomaly of the asset merges', async () => {
    const p = rul({ lower: 30 });
    await consume(TOPICS.rulPredictions, [p]);
    await consume(TOPICS.anomaliesDetected, [anomaly()]);
    const all = await orders();
    expect(all.map((o) => o.cause)).toEqual(['rul']);
    const order = all[0]!;
    expect(order.evidence.anomalies).toHaveLength(1);
    expect(order.priority).toBe('P2');
    expect(order.dueDate).toBe(new Date(p.data.predictedAt + 30 * 3_600_000).toISOString());
    expect((order.evidence.rul as unknown[])[0]).toMatchObject({ predictionId: p.data.predictionId, lower: 30, upper: 140 });
  });

  it('ignores a prediction beyond the horizon and escalates on a worse one', async () => {
    await consume(TOPICS.rulPredictions, [rul({ lower: 400 })]);
    expect(await orders()).toHaveLength(0);
    await consume(TOPICS.rulPredictions, [rul({ lower: 100 }), rul({ lower: 12 })]);
    const all = await orders();
    expect(all).toHaveLength(1);
    expect(all[0]?.priority).toBe('P1');
    expect(workOrderEvents(h.bus).map((e) => e.data.change)).toEqual(['created', 'escalated']);
  });

  it('dead-letters a malformed prediction and keeps consuming', async () => {
    await h.bus.publish(TOPICS.rulPredictions, [{ key: 'pump-01', value: '{"not":"an event"}' }]);
    await consume(TOPICS.rulPredictions, [rul({ lower: 10 })]);
    expect(await orders()).toHaveLength(1);
    expect(published(h.bus, `${TOPICS.rulPredictions}.dlq`)).toHaveLength(1);
  });
});
