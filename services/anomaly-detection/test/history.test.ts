import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '@vigie/service-kit';
import { createTestHarness, eventually, type TestHarness } from '@vigie/service-kit-testing';
import { createAnomalyDetectionService } from '../src/service';
import { publish, tempRegistry, window } from './support';

type Page = { anomalies: { anomalyId: string; windowStart: number }[]; nextCursor?: string };
const iso = (ms: number) => new Date(ms).toISOString();

describe('anomaly history', () => {
  let h: TestHarness;
  let models: Awaited<ReturnType<typeof tempRegistry>>;
  let service: Service;
  const get = async (query: string): Promise<Page> => {
    const res = await service.app.inject({ method: 'GET', url: `/api/v1/anomalies/H-1${query}` });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    h = await createTestHarness();
    models = await tempRegistry();
    service = createAnomalyDetectionService({ ...h.deps('history'), modelRegistry: models.registry, config: { baselineWindows: 4 } });
    await service.start();
    // Two sensors, healthy for 4 windows, then 5 anomalous windows each: 10 anomalies, two per window start.
    const sensors = ['H-1.a', 'H-1.b'];
    await publish(
      h,
      sensors.flatMap((s) => [0, 1, 2, 3].map((i) => window(i, 2.2 + 0.02 * i, s, 'H-1'))),
    );
    await publish(
      h,
      sensors.flatMap((s) => [4, 5, 6, 7, 8].map((i) => window(i, 7 + i, s, 'H-1'))),
    );
    await eventually(async () => (await h.db('history').query('SELECT 1 FROM anomaly_events')).rowCount === 10);
  });
  afterAll(async () => {
    await service.stop();
    await h.close();
    await models.remove();
  });

  it('pages newest first by window start then id, with no row twice and none missed', async () => {
    const seen: Page['anomalies'] = [];
    let page = await get('?limit=3');
    seen.push(...page.anomalies);
    while (page.nextCursor) {
      expect(page.anomalies).toHaveLength(3);
      page = await get(`?limit=3&cursor=${page.nextCursor}`);
      seen.push(...page.anomalies);
    }
    expect(seen).toHaveLength(10);
    const keys = seen.map((a) => `${a.windowStart}|${a.anomalyId}`);
    expect(new Set(keys).size).toBe(10);
    const sorted = [...seen].sort((x, y) => y.windowStart - x.windowStart || (x.anomalyId < y.anomalyId ? 1 : -1));
    expect(seen).toEqual(sorted);
    expect(seen[0]).toMatchObject({ windowStart: 8000, anomalyId: 'an:H-1.b:8000' });
  });

  it('filters on the window start (from and to inclusive)', async () => {
    const page = await get(`?from=${iso(5000)}&to=${iso(6000)}`);
    expect(page.anomalies.map((a) => a.anomalyId)).toEqual(['an:H-1.b:6000', 'an:H-1.a:6000', 'an:H-1.b:5000', 'an:H-1.a:5000']);
    expect(page.nextCursor).toBeUndefined();
    const paged = await get(`?from=${iso(5000)}&to=${iso(6000)}&limit=3`);
    const rest = await get(`?from=${iso(5000)}&to=${iso(6000)}&limit=3&cursor=${paged.nextCursor}`);
    expect(rest.anomalies.map((a) => a.anomalyId)).toEqual(['an:H-1.a:5000']);
  });

  it('answers 400 VALIDATION_FAILED when from is after to, or for a cursor it did not issue', async () => {
    const reversed = await service.app.inject({ method: 'GET', url: `/api/v1/anomalies/H-1?from=${iso(6000)}&to=${iso(5000)}` });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [expect.objectContaining({ path: 'query.from' })] },
    });
    const forged = await service.app.inject({ method: 'GET', url: '/api/v1/anomalies/H-1?cursor=bm90LWEtY3Vyc29y' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('VALIDATION_FAILED');
  });
});
