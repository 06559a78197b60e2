import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '@vigie/plant-simulator';
import { createTestHarness, type TestHarness } from '@vigie/service-kit-testing';
import { createIngestionService, type IngestionService } from '../src/service';

const tmp = mkdtempSync(path.join(tmpdir(), 'vigie-readings-'));
process.env.XDG_CONFIG_HOME = tmp;

const T0 = Date.UTC(2026, 10, 27, 8);
const iso = (ms: number) => new Date(ms).toISOString();

describe('GET /api/v1/ingestion/assets/{asset_id}/readings', () => {
  let h: TestHarness;
  let service: IngestionService;
  const asset = buildCatalog().find((a) => a.id === 'P-101')!;
  const [first, second] = asset.sensors;
  const get = (query: string, assetId = 'P-101') =>
    service.app.inject({ method: 'GET', url: `/api/v1/ingestion/assets/${assetId}/readings${query}` });

  beforeAll(async () => {
    h = await createTestHarness();
    service = createIngestionService({
      ...h.deps('ingestion_readings'),
      config: { sources: [], pkiDir: path.join(tmp, 'pki'), archive: { enabled: false, bucket: 'raw-sensor-data', everyMs: 60_000 } },
    });
    await service.start();
    await service.repository.upsertCatalog('sim', [asset]);
    // 10 readings 12 s apart on the first sensor (the 4th a bad-quality gap), 3 on the second, 1 on another asset.
    await service.repository.storeBatches([
      {
        assetId: 'P-101',
        sensorId: first!.id,
        unit: first!.unit,
        samples: Array.from({ length: 10 }, (_, i) => ({
          ts: T0 + i * 12_000,
          value: i === 3 ? null : i * 1.5,
          quality: i === 3 ? ('bad' as const) : ('good' as const),
        })),
      },
      {
        assetId: 'P-101',
        sensorId: second!.id,
        unit: second!.unit,
        samples: [0, 1, 2].map((i) => ({ ts: T0 + i * 12_000, value: 40 + i, quality: 'good' as const })),
      },
      { assetId: 'P-102', sensorId: 'P-102.temperature', unit: '°C', samples: [{ ts: T0, value: 50, quality: 'good' as const }] },
    ]);
  });
  afterAll(async () => {
    await service.stop();
    await h.close();
  });

  it('gives every sensor of the asset with its kind and unit, the newest `limit` readings oldest first, gaps kept as null', async () => {
    const res = await get('?limit=4');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.assetId).toBe('P-101');
    expect(body.sensors.map((s: { sensorId: string }) => s.sensorId)).toEqual(asset.sensors.map((s) => s.id).sort());
    const a = body.sensors.find((s: { sensorId: string }) => s.sensorId === first!.id);
    expect(a).toMatchObject({ kind: first!.kind, unit: first!.unit });
    expect(a.samples.map((s: { ts: number }) => s.ts)).toEqual([6, 7, 8, 9].map((i) => T0 + i * 12_000));
    const b = body.sensors.find((s: { sensorId: string }) => s.sensorId === second!.id);
    expect(b.samples.map((s: { value: number }) => s.value)).toEqual([40, 41, 42]);
    // Sensors without readings are listed, empty.
    expect(body.sensors.filter((s: { samples: unknown[] }) => s.samples.length === 0)).toHaveLength(asset.sensors.length - 2);
    const all = (await get(`?sensorId=${first!.id}`)).json().sensors[0].samples;
    expect(all[3]).toEqual({ ts: T0 + 36_000, value: null, quality: 'bad' });
  });

  it('keeps to [since, until] (both inclusive) and to one sensor when asked', async () => {
    const res = await get(`?sensorId=${first!.id}&since=${iso(T0 + 24_000)}&until=${iso(T0 + 60_000)}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.sensors).toHaveLength(1);
    expect(body.sensors[0].samples.map((s: { ts: number }) => (s.ts - T0) / 12_000)).toEqual([2, 3, 4, 5]);
  });

  it('answers 404 ASSET_NOT_FOUND for an unknown asset and 404 NOT_FOUND for a sensor of another asset', async () => {
    const unknown = await get('', 'X-999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('ASSET_NOT_FOUND');
    const foreign = await get('?sensorId=P-102.temperature');
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('NOT_FOUND');
  });

  it.each([
    ['limit=0'],
    ['limit=5001'],
    ['limit=abc'],
    ['since=yesterday'],
    [`since=${iso(T0 + 1000)}&until=${iso(T0)}`],
    ['window=5'],
    ['sensorId=bad%20id'],
  ])('answers 400 VALIDATION_FAILED for ?%s', async (query) => {
    const res = await get(`?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('is described in the OpenAPI document with its query parameters', async () => {
    const doc = (await service.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = doc.paths['/api/v1/ingestion/assets/{asset_id}/readings'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['asset_id', 'since', 'until', 'sensorId', 'limit']),
    );
  });
});
