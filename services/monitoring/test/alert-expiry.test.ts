import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOPICS, type Alert, type AssetHealth } from '@vigie/contracts';
import { InMemoryEventBus, PgliteDatabase, publishEvents, silentLogger } from '@vigie/service-kit';
import { createMonitoringService } from '../src/service';
import { anomaly, events, testConfig } from './helpers';

describe('anomaly window', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('clears anomaly_critical and relaxes the asset once the critical anomaly aged out, without a new event', async () => {
    let clock = Date.now();
    const bus = new InMemoryEventBus();
    const db = await PgliteDatabase.open();
    closers.push(() => db.close(), () => bus.close());
    const service = createMonitoringService({
      bus,
      db,
      logger: silentLogger(),
      now: () => clock,
      config: testConfig({ anomalyWindowMs: 60_000, assetRefreshIntervalMs: 30 }),
    });
    closers.push(() => service.stop());
    await service.start();
    const get = async <T>(path: string): Promise<T> => (await service.app.inject(`/api/v1/monitoring${path}`)).json<T>();

    await publishEvents(bus, TOPICS.anomaliesDetected, [events.anomaly(anomaly('kiln-1', { detectedAt: clock }))]);
    await vi.waitFor(async () => expect((await get<{ alerts: Alert[] }>('/alerts')).alerts).toHaveLength(1));
    expect((await get<{ assets: AssetHealth[] }>('/assets')).assets[0]?.status).toBe('alarm');

    clock += 61_000;
    await vi.waitFor(async () => expect((await get<{ alerts: Alert[] }>('/alerts')).alerts).toEqual([]));
    const [asset] = (await get<{ assets: AssetHealth[] }>('/assets')).assets;
    expect(asset).toMatchObject({ status: 'ok', health: null });
  });
});
