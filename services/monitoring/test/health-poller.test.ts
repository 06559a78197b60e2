import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServer, type Server } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Alert, ServiceStatus } from '@vigie/contracts';
import { InMemoryEventBus, PgliteDatabase, type Service } from '@vigie/service-kit';
import { probeHealth } from '../src/adapters/health-poller';
import { CLOSED_URL, FeedClient, startMonitoring, testConfig, wsUrl } from './helpers';

describe('health poller against real servers', () => {
  let up: FastifyInstance;
  let failing: Server;
  let failingStatus = 503;
  let upUrl: string;
  let failingUrl: string;

  beforeEach(async () => {
    up = Fastify();
    up.get('/actuator/health', async () => ({ status: 'UP', components: { database: { status: 'UP' } } }));
    upUrl = await up.listen({ port: 0, host: '127.0.0.1' });
    failingStatus = 503;
    failing = createServer((_req, res) => {
      res.writeHead(failingStatus, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: failingStatus === 200 ? 'UP' : 'DOWN' }));
    });
    await new Promise<void>((r) => failing.listen(0, '127.0.0.1', r));
    const addr = failing.address();
    failingUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });

  afterEach(async () => {
    await up.close();
    await new Promise((r) => failing.close(r));
  });

  it('probes: UP on 200 + UP, DOWN on 503, DOWN on a refused connection', async () => {
    const [a, b, c] = await Promise.all([
      probeHealth({ service: 'a', url: upUrl }, 1000),
      probeHealth({ service: 'b', url: failingUrl }, 1000),
      probeHealth({ service: 'c', url: CLOSED_URL }, 1000),
    ]);
    expect(a).toMatchObject({ status: 'UP', latencyMs: expect.any(Number), details: { httpStatus: 200 } });
    expect(b).toMatchObject({ status: 'DOWN', details: { httpStatus: 503, error: 'HTTP 503, status DOWN' } });
    expect(c).toMatchObject({ status: 'DOWN', latencyMs: null, details: { error: 'ECONNREFUSED' } });
  });

  it('probes: DOWN when a service accepts but never answers within the timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const addr = silent.address();
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const started = Date.now();
    const status = await probeHealth({ service: 'slow', url }, 150);
    expect(status).toMatchObject({ status: 'DOWN', details: { error: 'no answer within 150 ms' } });
    expect(Date.now() - started).toBeLessThan(1000);
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
  });

  describe('in the service', () => {
    let bus: InMemoryEventBus;
    let db: PgliteDatabase;
    let service: Service;

    beforeEach(async () => {
      bus = new InMemoryEventBus();
      db = await PgliteDatabase.open();
      const targets = [
        { service: 'ingestion-iiot', url: upUrl },
        { service: 'preprocessing', url: failingUrl },
        { service: 'rul-prediction', url: CLOSED_URL },
        { service: 'monitoring', url: 'http://127.0.0.1:8086' },
      ];
      service = await startMonitoring(bus, db, testConfig({ targets, pollIntervalMs: 30 }));
    });

    afterEach(async () => {
      await service.stop();
      await bus.close();
      await db.close();
    });

    const get = async <T>(path: string): Promise<T> => (await service.app.inject(`/api/v1/monitoring${path}`)).json<T>();
    const statuses = async () =>
      Object.fromEntries((await get<{ services: ServiceStatus[] }>('/services')).services.map((s) => [s.service, s.status]));
    const downAlerts = async (all = false) =>
      (await get<{ alerts: Alert[] }>(`/alerts${all ? '?all=true' : ''}`)).alerts.filter((a) => a.kind === 'service_down');

    it('records statuses, raises service_down once per service, clears it on recovery', async () => {
      await service.listen(0, '127.0.0.1');
      const feed = new FeedClient(wsUrl(service.app.server.address()));
      await vi.waitFor(async () =>
        expect(await statuses()).toEqual({ 'ingestion-iiot': 'UP', preprocessing: 'DOWN', 'rul-prediction': 'DOWN', monitoring: 'UP' }),
      );
      expect((await get<{ status: string }>('/health')).status).toBe('DEGRADED');
      // Raised after alertRaiseAfter (3) consecutive DOWN rounds…
      await vi.waitFor(async () => expect((await downAlerts()).map((a) => a.service).sort()).toEqual(['preprocessing', 'rul-prediction']), {
        timeout: 5000,
      });
      // …and several rounds later (30 ms apart), still one open alert per DOWN service.
      await new Promise((r) => setTimeout(r, 200));
      expect((await downAlerts()).map((a) => a.service).sort()).toEqual(['preprocessing', 'rul-prediction']);
      const rows = await db.query<{ status: string }>("SELECT status FROM service_status WHERE service = 'preprocessing'");
      expect(rows.rows).toEqual([{ status: 'DOWN' }]);

      failingStatus = 200;
      // Its circuit opened: recovery is seen at the half-open trial (3 poll intervals), cleared after 2 UP rounds.
      await vi.waitFor(async () => expect((await downAlerts()).map((a) => a.service)).toEqual(['rul-prediction']), { timeout: 5000 });
      const history = await downAlerts(true);
      expect(history.filter((a) => a.service === 'preprocessing')).toEqual([expect.objectContaining({ clearedAt: expect.any(String) })]);
      await feed.waitFor('services', (m) => m.services.find((s) => s.service === 'preprocessing')?.status === 'UP');
      await feed.waitFor('alert', (m) => m.alert.service === 'preprocessing' && m.alert.clearedAt !== null);
      feed.close();
    });

    it('global health is DOWN when no other service answers', async () => {
      await up.close();
      await vi.waitFor(async () => expect((await get<{ status: string }>('/health')).status).toBe('DOWN'));
    });
  });
});
