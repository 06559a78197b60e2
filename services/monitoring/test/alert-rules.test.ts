import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { TOPICS, type Alert, type ServiceMetricsSeries, type ServiceStatus } from '@vigie/contracts';
import { InMemoryEventBus, PgliteDatabase, ServiceMetrics, publishEvents, type Service } from '@vigie/service-kit';
import { AlertDebouncer } from '../src/domain/alert-debounce';
import { consumersFallingBehind, desiredAssetAlerts } from '../src/domain/alert-rules';
import { events, rul, startMonitoring, testConfig } from './helpers';

describe('consumer lag', () => {
  it('is a fault only above the threshold and when the backlog is not being worked off', () => {
    expect(consumersFallingBehind(null, null, 1000)).toBe(false); // no bus adapter reports lag
    expect(consumersFallingBehind(5000, 900, 1000)).toBe(false); // under the threshold
    expect(consumersFallingBehind(null, 1500, 1000)).toBe(true); // first scrape: no trend yet
    expect(consumersFallingBehind(1500, 1500, 1000)).toBe(true); // stuck
    expect(consumersFallingBehind(1500, 1800, 1000)).toBe(true); // growing
    expect(consumersFallingBehind(5000, 1565, 1000)).toBe(false); // catching up after a start
  });

  it('a backlog shrinking at every scrape never raises, however large (start-up catch-up)', () => {
    const d = new AlertDebouncer(3, 2);
    const lags = [9000, 8000, 6500, 5000, 3200, 1800, 1200, 900, 300];
    const actions = lags.map((lag, i) => d.observe('lag', consumersFallingBehind(i === 0 ? null : lags[i - 1]!, lag, 1000)));
    expect(actions).not.toContain('raise');
    const stuck = [1500, 1500, 1500].map((lag) => d.observe('lag', consumersFallingBehind(1500, lag, 1000)));
    expect(stuck).toEqual([null, null, 'raise']);
  });
});

describe('alert de-flapping', () => {
  it('raises after N consecutive bad checks and clears after M good ones, once each', () => {
    const d = new AlertDebouncer(3, 2);
    expect([true, true].map((bad) => d.observe('k', bad))).toEqual([null, null]);
    expect(d.observe('k', true)).toBe('raise');
    expect(d.observe('k', true)).toBeNull(); // already raised: no duplicate action
    expect(d.observe('k', false)).toBeNull();
    expect(d.observe('k', false)).toBe('clear');
    expect(d.observe('k', false)).toBeNull();
  });

  it('ignores a flapping condition (never N bad in a row) and holds a raised alert through a single good check', () => {
    const d = new AlertDebouncer(3, 2);
    const flapping = [true, false, true, true, false, true, false, true, true, false];
    expect(flapping.map((bad) => d.observe('k', bad)).filter((a) => a !== null)).toEqual([]);
    const d2 = new AlertDebouncer(2, 3);
    expect([true, true, false, true, false, false, true].map((bad) => d2.observe('k', bad))).toEqual([
      null,
      'raise',
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(d2.observe('other', true)).toBeNull(); // keys are independent
  });

  it('decides again after reset (an action that failed to apply) and refuses nonsense thresholds', () => {
    const d = new AlertDebouncer(1, 1);
    expect(d.observe('k', true)).toBe('raise');
    d.reset('k');
    expect(d.observe('k', true)).toBe('raise');
    expect(() => new AlertDebouncer(0, 1)).toThrow(RangeError);
    expect(() => new AlertDebouncer(1, 1.5)).toThrow(RangeError);
  });

  it('rul_low has hysteresis: raised under alertHours, held until clearHours', () => {
    const base = { assetId: 'a1', lastCriticalAt: null, lastAnomaly: null };
    const policy = (open: boolean) => ({ alertHours: 24, clearHours: 48, open });
    const kinds = (lower: number, open: boolean) =>
      desiredAssetAlerts({ ...base, lastRul: rul('a1', { lower }) }, Date.now(), 60_000, policy(open)).map((a) => a.kind);
    expect(kinds(20, false)).toEqual(['rul_low']);
    expect(kinds(30, false)).toEqual([]); // not open: 30 h is above the alert threshold
    expect(kinds(30, true)).toEqual(['rul_low']); // open: held until 48 h
    expect(kinds(48, true)).toEqual([]);
  });
});

/** A real upstream exposing service-kit's registry, polled by a real monitoring service. */
describe('service alerts, circuit and metrics from real polls', () => {
  let upstream: FastifyInstance;
  let metrics: ServiceMetrics;
  let healthy = true;
  let bus: InMemoryEventBus;
  let db: PgliteDatabase;
  let service: Service;

  beforeEach(async () => {
    healthy = true;
    metrics = new ServiceMetrics('anomaly-detection');
    upstream = Fastify();
    upstream.get('/actuator/health', async (_req, reply) => reply.code(healthy ? 200 : 503).send({ status: healthy ? 'UP' : 'DOWN' }));
    upstream.get('/actuator/prometheus', async (_req, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
    );
    const url = await upstream.listen({ port: 0, host: '127.0.0.1' });
    bus = new InMemoryEventBus();
    db = await PgliteDatabase.open();
    service = await startMonitoring(
      bus,
      db,
      testConfig({
        targets: [
          { service: 'anomaly-detection', url },
          { service: 'monitoring', url: 'http://127.0.0.1:8086' },
        ],
        pollIntervalMs: 40,
        alertRaiseAfter: 2,
        alertClearAfter: 2,
        consumerLagAlertMessages: 100,
        dlqGrowthWindowMs: 400,
        breakerResetMs: 300,
        rulAlertHours: 10,
        rulClearHours: 20,
      }),
    );
  });

  afterEach(async () => {
    await service.stop();
    await bus.close();
    await db.close();
    await upstream.close();
  });

  const get = async <T>(path: string): Promise<T> => (await service.app.inject(`/api/v1/monitoring${path}`)).json<T>();
  const alertsOf = async (kind: string, all = false) =>
    (await get<{ alerts: Alert[] }>(`/alerts${all ? '?all=true' : ''}`)).alerts.filter((a) => a.kind === kind);
  const waitOpts = { timeout: 10_000, interval: 50 };

  it('consumer_lag: raised once while the lag stays above the threshold, cleared when it drops', async () => {
    metrics.consumerLag.set({ topic: 'extracted-features', group: 'anomaly-detection' }, 80);
    metrics.consumerLag.set({ topic: 'sensor-data', group: 'x' }, 70); // summed: 150 > 100
    await vi.waitFor(async () => expect(await alertsOf('consumer_lag')).toHaveLength(1), waitOpts);
    const [alert] = await alertsOf('consumer_lag');
    expect(alert).toMatchObject({
      service: 'anomaly-detection',
      severity: 'warning',
      message: expect.stringContaining('150 messages behind'),
    });
    await new Promise((r) => setTimeout(r, 300)); // more bad rounds: still one alert in the whole history (de-dup)
    expect(await alertsOf('consumer_lag', true)).toHaveLength(1);

    metrics.consumerLag.set({ topic: 'extracted-features', group: 'anomaly-detection' }, 0);
    await vi.waitFor(async () => expect(await alertsOf('consumer_lag')).toEqual([]), waitOpts);
    expect(await alertsOf('consumer_lag', true)).toEqual([expect.objectContaining({ id: alert?.id, clearedAt: expect.any(String) })]);
  });

  it('dlq_growth: raised when dead letters appear, cleared once none arrived within the window', async () => {
    const series = async () =>
      (await get<{ services: ServiceMetricsSeries[] }>('/metrics')).services.find((s) => s.service === 'anomaly-detection');
    await vi.waitFor(async () => expect((await series())?.latest?.dlqTotal).toBe(0), waitOpts);
    expect(await alertsOf('dlq_growth', true)).toEqual([]);
    metrics.eventsConsumed.inc({ topic: 'extracted-features', outcome: 'dead_lettered' }, 3);
    await vi.waitFor(async () => expect(await alertsOf('dlq_growth')).toHaveLength(1), waitOpts);
    await vi.waitFor(async () => expect(await alertsOf('dlq_growth')).toEqual([]), waitOpts);
    expect(await alertsOf('dlq_growth', true)).toHaveLength(1);
  });

  it('stores per-service aggregates in system_metrics and serves them with a history', async () => {
    const series = async () => (await get<{ services: ServiceMetricsSeries[] }>('/metrics')).services;
    // Rates are deltas between scrapes: let a first scrape happen, then make traffic.
    await vi.waitFor(async () => expect((await series()).find((x) => x.service === 'anomaly-detection')?.latest).not.toBeNull(), waitOpts);
    for (let i = 0; i < 10; i++)
      metrics.httpRequests.observe({ method: 'GET', route: '/api/v1/anomalies/x', status: i === 0 ? '500' : '200' }, 0.03);
    metrics.eventsPublished.inc({ topic: 'anomalies-detected' }, 5);
    await vi.waitFor(async () => {
      const s = (await series()).find((x) => x.service === 'anomaly-detection');
      expect(s?.history.length).toBeGreaterThanOrEqual(3);
      expect(s?.history.some((h) => h.errorRate === 0.1 && h.latencyP95Ms !== null && h.latencyP95Ms > 25 && h.latencyP95Ms <= 50)).toBe(
        true,
      );
    }, waitOpts);
    const all = await series();
    expect(all.map((s) => s.service)).toEqual(['anomaly-detection', 'monitoring']);
    const s = all[0]!;
    expect(s.latest).toEqual(s.history.at(-1));
    expect(s.latest).toMatchObject({ dlqTotal: 0, consumerLag: null, requestsPerSecond: expect.any(Number) });
    // Monitoring's own registry is read in-process.
    expect(all[1]?.latest?.dlqTotal).toBe(0);
    const rows = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM system_metrics WHERE name = 'service_requests_per_second' AND labels->>'service' = 'anomaly-detection'",
    );
    expect(rows.rows[0]?.n).toBeGreaterThanOrEqual(2);
  });

  it('opens the health circuit after repeated failures, probes half-open, closes on recovery', async () => {
    const target = async () =>
      (await get<{ services: ServiceStatus[] }>('/services')).services.find((s) => s.service === 'anomaly-detection');
    healthy = false;
    // Once open, polls are not sent: the status says why.
    await vi.waitFor(
      async () =>
        expect(await target()).toMatchObject({
          status: 'DOWN',
          details: { circuit: { health: 'open' }, error: expect.stringContaining('circuit open') },
        }),
      waitOpts,
    );
    await vi.waitFor(async () => expect(await alertsOf('service_down')).toHaveLength(1), waitOpts);
    const row = await db.query<{ details: { circuit?: { health: string } } }>(
      "SELECT details FROM service_status WHERE service = 'anomaly-detection'",
    );
    expect(row.rows[0]?.details.circuit?.health).toBe('open');

    healthy = true;
    await vi.waitFor(
      async () => expect(await target()).toMatchObject({ status: 'UP', details: { circuit: { health: 'closed' } } }),
      waitOpts,
    );
    await vi.waitFor(async () => expect(await alertsOf('service_down')).toEqual([]), waitOpts);
  });

  it('rul_low uses the configured threshold with hysteresis', async () => {
    const publish = (lower: number) =>
      publishEvents(bus, TOPICS.rulPredictions, [events.rul(rul('pump-1', { lower, predictedAt: Date.now() }))]);
    await publish(8);
    await vi.waitFor(async () => expect(await alertsOf('rul_low')).toHaveLength(1), waitOpts);
    await publish(15); // above 10 h but under the 20 h clear threshold: held
    await new Promise((r) => setTimeout(r, 200));
    expect(await alertsOf('rul_low')).toHaveLength(1);
    await publish(25);
    await vi.waitFor(async () => expect(await alertsOf('rul_low')).toEqual([]), waitOpts);
    expect(await alertsOf('rul_low', true)).toHaveLength(1);
  });
});
