import { afterEach, describe, expect, it, vi } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { TOPICS, type Asset, type AssetHealth } from '@vigie/contracts';
import { InMemoryEventBus, PgliteDatabase, publishEvents, silentLogger } from '@vigie/service-kit';
import { createMonitoringService } from '../src/service';
import { FeedClient, anomaly, events, rul, startMonitoring, testConfig, workOrder, wsUrl } from './helpers';

const toClose: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const c of toClose.splice(0).reverse()) await c.close();
});

type Metrics = { topics: { topic: string; events: number }[] };

describe('a restart on the same database', () => {
  it('keeps the counters, the read model and the alerts', async () => {
    const db = await PgliteDatabase.open();
    toClose.push(db);
    const bus = new InMemoryEventBus();
    toClose.push(bus);
    const first = await startMonitoring(bus, db);
    await publishEvents(bus, TOPICS.anomaliesDetected, [events.anomaly(anomaly('mill-1')), events.anomaly(anomaly('mill-2', { criticality: 'medium' }))]);
    await publishEvents(bus, TOPICS.rulPredictions, [events.rul(rul('mill-1'))]);
    await publishEvents(bus, TOPICS.workOrders, [events.workOrder(workOrder('mill-2'))]);
    await vi.waitFor(async () => {
      const { topics } = (await first.app.inject('/api/v1/monitoring/metrics')).json<Metrics>();
      expect(topics.find((t) => t.topic === 'work-orders')?.events).toBe(1);
    });
    await first.stop();

    // Same database and bus (committed offsets): nothing is re-consumed, so all of it must come from the tables.
    const second = createMonitoringService({ bus, db, logger: silentLogger(), config: testConfig() });
    toClose.push({ close: () => second.stop() });
    await second.listen(0, '127.0.0.1');
    const { topics } = (await second.app.inject('/api/v1/monitoring/metrics')).json<Metrics>();
    expect(Object.fromEntries(topics.map((t) => [t.topic, t.events]))).toMatchObject({
      'anomalies-detected': 2,
      'rul-predictions': 1,
      'work-orders': 1,
    });

    const feed = new FeedClient(wsUrl(second.app.server.address()));
    const snapshot = await feed.waitFor('snapshot');
    feed.close();
    expect(snapshot.assets.map((a) => [a.id, a.status, a.openWorkOrders])).toEqual([
      ['mill-1', 'alarm', 0],
      ['mill-2', 'warning', 1],
    ]);
    expect(snapshot.assets[0]?.lastRul?.healthIndex).toBe(0.4);
    expect(snapshot.workOrders).toHaveLength(1);
    expect(snapshot.alerts.map((a) => `${a.kind}:${a.assetId}`).sort()).toEqual(['anomaly_critical:mill-1', 'rul_low:mill-1']);
  });
});

describe('assets described by ingestion', () => {
  it('merges the asset list with events, and an undescribed asset is named by its id', async () => {
    const ingestion: FastifyInstance = Fastify();
    const pump: Asset = {
      id: 'pump-1', name: 'Feed pump 1', type: 'pump', site: 'Lyon', area: 'A', line: 'L1',
      latitude: 45.75, longitude: 4.85, sensors: [{ id: 'pump-1.vib', kind: 'vibration', unit: 'g', min: null, max: null, samplingHz: 1000 }],
    };
    ingestion.get('/api/v1/ingestion/assets', async () => ({ assets: [pump] }));
    const url = await ingestion.listen({ port: 0, host: '127.0.0.1' });
    toClose.push(ingestion);
    const db = await PgliteDatabase.open();
    toClose.push(db);
    const bus = new InMemoryEventBus();
    toClose.push(bus);
    const service = await startMonitoring(bus, db, testConfig({ ingestionUrl: url }));
    toClose.push({ close: () => service.stop() });

    await publishEvents(bus, TOPICS.anomaliesDetected, [events.anomaly(anomaly('ghost-7', { criticality: 'low', score: 0.3 }))]);
    await vi.waitFor(async () => {
      const { assets } = (await service.app.inject('/api/v1/monitoring/assets')).json<{ assets: AssetHealth[] }>();
      expect(assets.map((a) => [a.id, a.name, a.status])).toEqual([
        ['ghost-7', 'ghost-7', 'warning'],
        ['pump-1', 'Feed pump 1', 'unknown'],
      ]);
      expect(assets[0]?.health).toBeCloseTo(0.7);
      expect(assets[1]).toMatchObject({ site: 'Lyon', latitude: 45.75, sensors: [expect.objectContaining({ kind: 'vibration' })] });
    });
  });
});

describe('CORS and WebSocket origin', () => {
  it('reflects allowed origins only, answers preflights, refuses a foreign WebSocket origin', async () => {
    const db = await PgliteDatabase.open();
    toClose.push(db);
    const bus = new InMemoryEventBus();
    toClose.push(bus);
    const service = await startMonitoring(bus, db, testConfig({ dashboardOrigins: ['http://dash.local:3000'] }));
    toClose.push({ close: () => service.stop() });

    const allowed = await service.app.inject({ url: '/api/v1/monitoring/services', headers: { origin: 'http://dash.local:3000' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://dash.local:3000');
    expect(allowed.headers.vary).toContain('Origin');
    const foreign = await service.app.inject({ url: '/api/v1/monitoring/services', headers: { origin: 'http://evil.example' } });
    expect(foreign.statusCode).toBe(200);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();

    const preflight = await service.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/monitoring/alerts',
      headers: { origin: 'http://dash.local:3000', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': 'http://dash.local:3000', 'access-control-allow-headers': 'authorization' });

    await service.listen(0, '127.0.0.1');
    const url = wsUrl(service.app.server.address());
    const refused = new FeedClient(url, { origin: 'http://evil.example' });
    const status = await new Promise<number>((resolve) => refused.ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(403);
    const welcome = new FeedClient(url, { origin: 'http://dash.local:3000' });
    await welcome.waitFor('snapshot');
    welcome.close();
  });
});
