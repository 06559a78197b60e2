import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOPICS, type AssetHealth } from '@vigie/contracts';
import { InMemoryEventBus, PgliteDatabase, publishEvents, silentLogger, type Service } from '@vigie/service-kit';
import { createMonitoringService } from '../src/service';
import { FeedClient, events, features, testConfig, wsUrl } from './helpers';

type Metrics = { topics: { topic: string; events: number }[] };

describe('assets that report feature windows', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('are ok while data is fresh, unknown once it stopped, and keep lastSeenAt across a restart', async () => {
    let clock = Date.now();
    // The demo's plant clock runs ahead of the wall clock: freshness must ignore window times entirely.
    const plantTime = clock + 3_600_000;
    const bus = new InMemoryEventBus();
    const db = await PgliteDatabase.open();
    closers.push(() => db.close(), () => bus.close());
    const start = async (assetRefreshIntervalMs: number): Promise<Service> => {
      const service = createMonitoringService({
        bus,
        db,
        logger: silentLogger(),
        now: () => clock,
        config: testConfig({ dataFreshnessMs: 60_000, assetRefreshIntervalMs }),
      });
      closers.push(() => service.stop());
      await service.listen(0, '127.0.0.1');
      return service;
    };
    const assets = async (service: Service) =>
      (await service.app.inject('/api/v1/monitoring/assets')).json<{ assets: AssetHealth[] }>().assets;
    const featureCount = async (service: Service) =>
      (await service.app.inject('/api/v1/monitoring/metrics')).json<Metrics>().topics.find((t) => t.topic === TOPICS.extractedFeatures)?.events;

    // No refresh during the first run: every `asset` message it sends comes from the consumer.
    const first = await start(600_000);
    const feed = new FeedClient(wsUrl(first.app.server.address()));
    closers.push(async () => feed.close());
    await feed.waitFor('snapshot');

    const batch = [features('conveyor-4', plantTime - 1000), features('conveyor-4', plantTime, { sensorId: 'conveyor-4.temp' })];
    await publishEvents(bus, TOPICS.extractedFeatures, batch.map(events.features));
    await vi.waitFor(async () => expect(await assets(first)).toEqual([expect.objectContaining({ id: 'conveyor-4', status: 'ok', health: null })]));
    expect((await feed.waitFor('asset')).asset).toMatchObject({ id: 'conveyor-4', status: 'ok' });

    // More windows of an asset already reporting: stored, but nothing changed for the dashboards.
    await publishEvents(bus, TOPICS.extractedFeatures, [events.features(features('conveyor-4', plantTime + 1000))]);
    await vi.waitFor(async () => expect(await featureCount(first)).toBe(3));
    const { rows } = await db.query<{ last_data_at: Date; last_seen_at: Date }>('SELECT last_data_at, last_seen_at FROM asset_state');
    expect(rows.map((r) => [r.last_data_at.getTime(), r.last_seen_at.getTime()])).toEqual([[plantTime + 1000, clock]]);
    expect(feed.messages.filter((m) => m.type === 'asset')).toHaveLength(1);
    await first.stop();

    // Restart inside the window: offsets are committed, so nothing is re-consumed and 'ok' comes from the table.
    clock += 30_000;
    const second = await start(30);
    expect(await assets(second)).toEqual([expect.objectContaining({ id: 'conveyor-4', status: 'ok' })]);
    expect(await featureCount(second)).toBe(3);
    const feed2 = new FeedClient(wsUrl(second.app.server.address()));
    closers.push(async () => feed2.close());
    expect((await feed2.waitFor('snapshot')).assets).toEqual([expect.objectContaining({ status: 'ok' })]);

    // 61 s after the windows were received (wall clock), the periodic refresh turns the asset back to unknown; a
    // lastSeenAt taken at the restart instead of the restored one would still read 'ok' here.
    clock += 31_000;
    await vi.waitFor(async () => expect(await assets(second)).toEqual([expect.objectContaining({ status: 'unknown', health: null })]));
    expect((await feed2.waitFor('asset', (m) => m.asset.status === 'unknown')).asset.id).toBe('conveyor-4');

    // Data again: ok again.
    await publishEvents(bus, TOPICS.extractedFeatures, [events.features(features('conveyor-4', plantTime + 2000))]);
    expect((await feed2.waitFor('asset', (m) => m.asset.status === 'ok')).asset.id).toBe('conveyor-4');
  });
});
