import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreprocessedData, TOPICS, type PreprocessedDataPayload } from '@vigie/contracts';
import { collectTopic, createTestHarness, eventually, type TestHarness } from '@vigie/service-kit-testing';
import { MemoryCache, PostgresFeatureStore } from '@vigie/service-kit';
import { createFeatureExtractionService } from '../src/service';

const event = (from: number, to: number, sensorId = 'P-1.vibration') => {
  const samples: PreprocessedDataPayload['samples'] = [];
  for (let ts = from; ts < to; ts += 100) samples.push({ ts, value: (ts / 100) % 7, quality: 'good', flags: [] });
  return PreprocessedData.create({ source: 'test', subject: 'P-1', data: { assetId: 'P-1', sensorId, unit: 'mm/s', samples } });
};

describe('feature-extraction service', () => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createTestHarness();
  });
  afterAll(async () => h.close());

  it('emits each window once across a restart in the middle of a window, with the full sample count', async () => {
    const config = { windowSeconds: 1, minSamples: 2, ingestionUrl: null };
    const out = await collectTopic(h.bus, TOPICS.extractedFeatures);
    const first = createFeatureExtractionService({ ...h.deps('features'), config });
    await first.start();
    // Window [0,1000) complete, window [1000,2000) half-filled when the service stops.
    await h.bus.publish(TOPICS.preprocessedData, [
      { key: 'P-1', value: JSON.stringify(event(0, 1000)) },
      { key: 'P-1', value: JSON.stringify(event(1000, 1500)) },
    ]);
    await h.bus.publish(TOPICS.preprocessedData, [{ key: 'P-1', value: JSON.stringify(event(1500, 1600)) }]);
    await eventually(() => out.messages.length === 1);
    await first.stop();

    const second = createFeatureExtractionService({ ...h.deps('features'), config });
    await second.start();
    await h.bus.publish(TOPICS.preprocessedData, [{ key: 'P-1', value: JSON.stringify(event(1600, 2100)) }]);
    await eventually(() => out.messages.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    const windows = out.messages.map((m) => JSON.parse(m.value.toString()).data);
    expect(windows.map((w) => [w.windowStart, w.sampleCount])).toEqual([
      [0, 10],
      [1000, 10],
    ]);
    const db = h.db('features');
    expect((await db.query('SELECT 1 FROM extracted_features')).rowCount).toBe(2);
    // Every window also went to the feature-store port (here its PostgreSQL adapter on the service's database).
    const store = await PostgresFeatureStore.open(db);
    const online = (await store.online(['P-1.vibration'])).get('P-1.vibration');
    expect(online).toMatchObject({ assetId: 'P-1', windowStart: 1000, windowEnd: 2000, sampleCount: 10 });
    expect(online?.features.mean).toBeCloseTo(windows[1].features.mean, 12);

    const latest = await second.app.inject({ method: 'GET', url: '/api/v1/features/P-1/latest' });
    expect(latest.json().windows).toEqual([
      expect.objectContaining({ sensorId: 'P-1.vibration', windowStart: new Date(1000).toISOString(), sampleCount: 10 }),
    ]);
    const res = await second.app.inject({ method: 'GET', url: '/api/v1/features/P-1?limit=10' });
    expect(res.statusCode).toBe(200);
    expect(res.json().windows).toHaveLength(2);
    expect(res.json().windows[0]).toMatchObject({ sensorId: 'P-1.vibration', sampleCount: 10, windowStart: new Date(0).toISOString() });
    await second.stop();
    await out.stop();
  });

  it('extracts features from a posted signal and rejects an empty one', async () => {
    const service = createFeatureExtractionService({ ...h.deps('features_rest'), config: { ingestionUrl: null } });
    await service.start();
    const ok = await service.app.inject({ method: 'POST', url: '/api/v1/features/extract', payload: { values: [3, 4] } });
    expect(ok.json()).toMatchObject({ sampleCount: 2, features: { mean: 3.5, rms: Math.sqrt(12.5) } });
    const bad = await service.app.inject({ method: 'POST', url: '/api/v1/features/extract', payload: { values: [] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const badAsset = await service.app.inject({ method: 'GET', url: '/api/v1/features/bad%20id' });
    expect(badAsset.statusCode).toBe(400);
    await service.stop();
  });

  it('serves the latest window per sensor from the cache, and from the table when the cache is empty (a new replica)', async () => {
    const cache = MemoryCache.fromConfig({ maxEntries: 100 });
    const config = { windowSeconds: 1, minSamples: 2, ingestionUrl: null };
    const service = createFeatureExtractionService({ ...h.deps('features_latest'), cache, config });
    await service.start();
    await h.bus.publish(TOPICS.preprocessedData, [
      { key: 'P-1', value: JSON.stringify(event(0, 2100, 'P-1.temp')) },
      { key: 'P-1', value: JSON.stringify(event(0, 3100, 'P-1.flow')) },
    ]);
    const fromCache = await eventually(async () => {
      const body = (await service.app.inject({ method: 'GET', url: '/api/v1/features/P-1/latest' })).json() as {
        windows: { sensorId: string; windowStart: string }[];
      };
      return body.windows.some((w) => w.sensorId === 'P-1.flow' && w.windowStart === new Date(2000).toISOString()) ? body : null;
    });
    // The bus is shared with the test above (same consumer group): keep to this test's sensors.
    const mine = fromCache.windows.filter((w) => ['P-1.flow', 'P-1.temp'].includes(w.sensorId));
    expect(mine.map((w) => [w.sensorId, w.windowStart])).toEqual([
      ['P-1.flow', new Date(2000).toISOString()],
      ['P-1.temp', new Date(1000).toISOString()],
    ]);
    expect(await cache.get('latest:P-1')).toBeDefined();
    const replica = createFeatureExtractionService({
      ...h.deps('features_latest'),
      cache: MemoryCache.fromConfig({ maxEntries: 10 }),
      config,
    });
    await replica.start();
    expect((await replica.app.inject({ method: 'GET', url: '/api/v1/features/P-1/latest' })).json().windows).toEqual(fromCache.windows);
    await replica.stop();
    await service.stop();
  });
});
