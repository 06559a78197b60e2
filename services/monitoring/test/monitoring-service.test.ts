import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOPICS, SensorData, type AssetHealth } from '@vigie/contracts';
import { InMemoryEventBus, PgliteDatabase, publishEvents, type Service } from '@vigie/service-kit';
import { FeedClient, anomaly, events, rul, startMonitoring, workOrder, wsUrl } from './helpers';

describe('monitoring service: events → read model, alerts, REST and WebSocket', () => {
  let bus: InMemoryEventBus;
  let db: PgliteDatabase;
  let service: Service;
  const clients: FeedClient[] = [];

  beforeEach(async () => {
    bus = new InMemoryEventBus();
    db = await PgliteDatabase.open();
    service = await startMonitoring(bus, db);
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await service.stop();
    await bus.close();
    await db.close();
  });

  const get = async <T>(path: string): Promise<T> => {
    const res = await service.app.inject({ method: 'GET', url: `/api/v1/monitoring${path}` });
    expect(res.statusCode).toBe(200);
    return res.json<T>();
  };
  const connect = async (): Promise<FeedClient> => {
    await service.listen(0, '127.0.0.1');
    const client = new FeedClient(wsUrl(service.app.server.address()));
    clients.push(client);
    await client.waitFor('snapshot');
    return client;
  };

  it('turns a critical anomaly into asset state, one alert, and WS anomaly/asset/alert messages', async () => {
    const feed = await connect();
    const first = anomaly('pump-1');
    await publishEvents(bus, TOPICS.anomaliesDetected, [events.anomaly(first), events.anomaly(anomaly('pump-1'))]);

    await feed.waitFor('anomaly', (m) => m.anomaly.anomalyId === first.anomalyId);
    const asset = await feed.waitFor('asset', (m) => m.asset.id === 'pump-1');
    expect(asset.asset).toMatchObject({ name: 'pump-1', status: 'alarm', health: expect.closeTo(0.1, 5) });
    const alert = await feed.waitFor('alert', (m) => m.alert.kind === 'anomaly_critical');
    expect(alert.alert).toMatchObject({ assetId: 'pump-1', severity: 'critical', clearedAt: null });

    await vi.waitFor(async () => {
      const { alerts } = await get<{ alerts: { kind: string }[] }>('/alerts');
      // Two critical anomalies on one asset: still one open alert.
      expect(alerts.filter((a) => a.kind === 'anomaly_critical')).toHaveLength(1);
      const { assets } = await get<{ assets: AssetHealth[] }>('/assets');
      expect(assets.map((a) => a.id)).toEqual(['pump-1']);
    });
  });

  it('raises rul_low under 72 h, clears it when a later prediction is comfortable', async () => {
    const feed = await connect();
    await publishEvents(bus, TOPICS.rulPredictions, [events.rul(rul('fan-2', { lower: 40, healthIndex: 0.3 }))]);
    const raised = await feed.waitFor('alert', (m) => m.alert.kind === 'rul_low');
    expect(raised.alert).toMatchObject({ assetId: 'fan-2', severity: 'warning' });
    expect((await feed.waitFor('asset')).asset).toMatchObject({ id: 'fan-2', status: 'alarm', health: 0.3 });

    const later = rul('fan-2', { lower: 500, rul: 700, upper: 900, healthIndex: 0.95, predictedAt: Date.now() + 1 });
    await publishEvents(bus, TOPICS.rulPredictions, [events.rul(later)]);
    await feed.waitFor('alert', (m) => m.alert.id === raised.alert.id && m.alert.clearedAt !== null);
    await vi.waitFor(async () => {
      expect((await get<{ alerts: unknown[] }>('/alerts')).alerts).toEqual([]);
      expect((await get<{ alerts: unknown[] }>('/alerts?all=true')).alerts).toHaveLength(1);
      const [asset] = (await get<{ assets: AssetHealth[] }>('/assets')).assets;
      expect(asset).toMatchObject({ status: 'ok', health: 0.95 });
    });
  });

  it('keeps open work orders and ignores a late, older version of an order', async () => {
    const feed = await connect();
    const wo = workOrder('press-3', { createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' });
    const assigned = { ...wo, status: 'assigned' as const, updatedAt: '2025-01-01T01:00:00.000Z' };
    await publishEvents(bus, TOPICS.workOrders, [events.workOrder(wo), events.workOrder(assigned, 'updated'), events.workOrder(wo)]);

    const asset = await feed.waitFor('asset', (m) => m.asset.id === 'press-3');
    expect(asset.asset).toMatchObject({ openWorkOrders: 1, status: 'warning' });
    await vi.waitFor(async () => {
      const { workOrders } = await get<{ workOrders: { id: string; status: string }[] }>('/work-orders');
      expect(workOrders).toEqual([expect.objectContaining({ id: wo.id, status: 'assigned' })]);
    });
    const done = { ...assigned, status: 'done' as const, updatedAt: '2025-01-01T02:00:00.000Z' };
    await publishEvents(bus, TOPICS.workOrders, [events.workOrder(done, 'updated')]);
    await feed.waitFor('asset', (m) => m.asset.id === 'press-3' && m.asset.openWorkOrders === 0);
    expect((await get<{ workOrders: unknown[] }>('/work-orders')).workOrders).toEqual([]);
    // The late 'requested' version was never pushed after 'assigned'.
    const pushed = feed.messages.flatMap((m) => (m.type === 'work-order' ? [m.workOrder.status] : []));
    expect(pushed).toEqual(['requested', 'assigned', 'done']);
  });

  it('counts events of every topic with the time of the last one', async () => {
    const sample = { assetId: 'pump-1', sensorId: 'pump-1.temp', unit: 'C', samples: [{ ts: 1, value: 20, quality: 'good' as const }] };
    await publishEvents(bus, TOPICS.sensorData, [1, 2, 3].map(() => SensorData.create({ source: 't', subject: 'pump-1', data: sample })));
    await publishEvents(bus, TOPICS.anomaliesDetected, [events.anomaly(anomaly('pump-1', { criticality: 'low' }))]);
    await vi.waitFor(async () => {
      const { topics, uptimeSeconds } = await get<{ topics: { topic: string; events: number; lastEventAt: string | null }[]; uptimeSeconds: number }>('/metrics');
      expect(uptimeSeconds).toBeGreaterThanOrEqual(0);
      expect(topics.find((t) => t.topic === 'sensor-data')).toMatchObject({ events: 3, lastEventAt: expect.any(String) });
      expect(topics.find((t) => t.topic === 'anomalies-detected')?.events).toBe(1);
      expect(topics.find((t) => t.topic === 'work-orders')).toEqual({ topic: 'work-orders', events: 0, lastEventAt: null });
      expect(topics).toHaveLength(7);
    });
  });

  it('sends a snapshot first, holding services, assets, open work orders and active alerts', async () => {
    await publishEvents(bus, TOPICS.anomaliesDetected, [events.anomaly(anomaly('pump-9'))]);
    await publishEvents(bus, TOPICS.workOrders, [events.workOrder(workOrder('pump-9'))]);
    await vi.waitFor(async () => expect((await get<{ workOrders: unknown[] }>('/work-orders')).workOrders).toHaveLength(1));
    const feed = await connect();
    const snapshot = feed.messages[0];
    if (snapshot?.type !== 'snapshot') throw new Error('first message is not a snapshot');
    expect(snapshot.services.map((s) => s.service)).toEqual(['monitoring']);
    expect(snapshot.assets).toEqual([expect.objectContaining({ id: 'pump-9', status: 'alarm', openWorkOrders: 1 })]);
    expect(snapshot.workOrders).toHaveLength(1);
    expect(snapshot.alerts.map((a) => a.kind)).toEqual(['anomaly_critical']);
  });
});
