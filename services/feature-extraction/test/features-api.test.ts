import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFeatures } from '@vigie/signal';
import { PreprocessedData, TOPICS, type PreprocessedDataPayload } from '@vigie/contracts';
import type { Service } from '@vigie/service-kit';
import { createTestHarness, eventually, type TestHarness } from '@vigie/service-kit-testing';
import { createFeatureExtractionService } from '../src/service';

const event = (sensorId: string, from: number, to: number) => {
  const samples: PreprocessedDataPayload['samples'] = [];
  for (let ts = from; ts < to; ts += 100) samples.push({ ts, value: (ts / 100) % 5, quality: 'good', flags: [] });
  return {
    key: 'A-1',
    value: JSON.stringify(
      PreprocessedData.create({ source: 'test', subject: 'A-1', data: { assetId: 'A-1', sensorId, unit: 'bar', samples } }),
    ),
  };
};
const profiles = {
  profiles: { default: { window: { kind: 'tumbling' } }, pump: { features: { families: ['spectral'], bands: [[1, 20]] } } },
};

describe('feature-extraction REST API', () => {
  let h: TestHarness;
  let service: Service;
  beforeAll(async () => {
    h = await createTestHarness();
    service = createFeatureExtractionService({
      ...h.deps('fx_api'),
      config: { windowSeconds: 1, minSamples: 2, ingestionUrl: null, profiles },
    });
    await service.start();
    // 10 windows of 1 s for each of two sensors: [0, 10 s) plus a sample at 10 s that closes the last one.
    await h.bus.publish(TOPICS.preprocessedData, [event('A-1.p', 0, 10_100), event('A-1.q', 0, 10_100)]);
    await eventually(async () => (await h.db('fx_api').query('SELECT 1 FROM extracted_features')).rowCount === 20);
  });
  afterAll(async () => {
    await service.stop();
    await h.close();
  });

  const get = (url: string) => service.app.inject({ method: 'GET', url });
  const post = (payload: object) =>
    service.app.inject({ method: 'POST', url: '/api/v1/features/extract', payload: payload as Record<string, unknown> });
  type Page = { windows: { sensorId: string; windowStart: string }[]; nextCursor?: string };
  const key = (w: { sensorId: string; windowStart: string }) => `${w.windowStart}|${w.sensorId}`;

  async function walk(first: string): Promise<Page[]> {
    const pages: Page[] = [];
    let url: string | undefined = first;
    while (url) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      const page = res.json() as Page;
      pages.push(page);
      url = page.nextCursor ? `${first}&cursor=${encodeURIComponent(page.nextCursor)}` : undefined;
    }
    return pages;
  }

  it('pages through the latest windows with limit + cursor: every window once, each page oldest first', async () => {
    const pages = await walk('/api/v1/features/A-1?limit=3');
    expect(pages.map((p) => p.windows.length)).toEqual([3, 3, 3, 3, 3, 3, 2]);
    const all = pages.flatMap((p) => p.windows.map(key));
    expect(new Set(all).size).toBe(20);
    for (const p of pages) expect(p.windows.map(key)).toEqual([...p.windows.map(key)].sort());
    // Pages go back in time from the newest window.
    expect(pages[0]!.windows.at(-1)).toMatchObject({ windowStart: new Date(9000).toISOString(), sensorId: 'A-1.q' });
    expect(pages.at(-1)!.windows[0]).toMatchObject({ windowStart: new Date(0).toISOString(), sensorId: 'A-1.p' });
    expect(pages.at(-1)!.nextCursor).toBeUndefined();
  });

  it('pages forward with order=earliest inside a time range and a sensor filter', async () => {
    const from = new Date(2000).toISOString();
    const to = new Date(7000).toISOString();
    const pages = await walk(`/api/v1/features/A-1?order=earliest&limit=2&sensorId=A-1.q&from=${from}&to=${to}`);
    expect(pages.flatMap((p) => p.windows.map((w) => Date.parse(w.windowStart)))).toEqual([2000, 3000, 4000, 5000, 6000]);
  });

  it('rejects from > to, a forged cursor and a cursor of the other order with VALIDATION_FAILED', async () => {
    const reversed = await get(`/api/v1/features/A-1?from=${new Date(5000).toISOString()}&to=${new Date(1000).toISOString()}`);
    expect([reversed.statusCode, reversed.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(reversed.json().error.details.issues[0].path).toBe('query.from');
    const forged = await get('/api/v1/features/A-1?cursor=bm90LWEtY3Vyc29y');
    expect([forged.statusCode, forged.json().error.code, forged.json().error.details.issues[0].path]).toEqual([
      400,
      'VALIDATION_FAILED',
      'query.cursor',
    ]);
    const cursor = (await get('/api/v1/features/A-1?limit=1')).json().nextCursor as string;
    const crossed = await get(`/api/v1/features/A-1?order=earliest&cursor=${encodeURIComponent(cursor)}`);
    expect([crossed.statusCode, crossed.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('returns the full feature set of a posted signal with fs, rpm, bearing and bands', async () => {
    const fs = 1000;
    const values = Array.from(
      { length: 1024 },
      (_, i) => Math.sin((2 * Math.PI * 50 * i) / fs) + 0.2 * Math.sin((2 * Math.PI * 120 * i) / fs),
    );
    const bearing = { balls: 9, ballDiameter: 0.3126, pitchDiameter: 1.537 };
    const res = await post({ values, fs, rpm: 3000, bearing, bands: [[40, 60]] });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const reference = extractFeatures(Float64Array.from(values), {
      fs,
      rpm: 3000,
      bearing: { ...bearing, contactAngle: 0 },
      bands: [[40, 60]],
    });
    const finite = Object.fromEntries(Object.entries(reference).filter(([, v]) => Number.isFinite(v)));
    expect(body.features).toEqual(finite);
    expect(body).toMatchObject({ sampleCount: 1024, fs, spectralSamples: 1024, families: ['time', 'tsfresh', 'spectral', 'wavelet'] });
    expect(body.features.dominant_frequency).toBeCloseTo(50, 0);
    expect(body.features.envelope_bpfo).toBeTypeOf('number');
  });

  it('starts from a named profile and lets the request override it', async () => {
    const values = Array.from({ length: 64 }, (_, i) => Math.sin(i));
    const res = await post({ values, profile: 'pump', fs: 100 });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().features)).toEqual(expect.arrayContaining(['dominant_frequency', 'band_energy_1_20']));
    expect(res.json().features.mean).toBeUndefined();
    const withTime = await post({ values, profile: 'pump', fs: 100, families: ['time'] });
    expect(Object.keys(withTime.json().features)).toContain('mean');
  });

  it.each([
    [{ values: [1, 2], fs: -5 }, 'body.fs'],
    [{ values: [1, 2], bands: [[20, 10]] }, 'body.bands.0'],
    [{ values: [1, 2], fs: 100, bands: [[10, 80]] }, 'body.bands.0'],
    [{ values: [1, 2], bearing: { balls: 9, ballDiameter: 0.3, pitchDiameter: 1.5 } }, 'body.rpm'],
    [{ values: [1, 2], families: ['fft'] }, 'body.families.0'],
    [{ values: [1, 2], profile: 'no-such-profile' }, 'body.profile'],
    [{ values: [1, 2], profile: 'pump', fs: 30 }, 'body.bands.0'],
    [{ values: Array.from({ length: 10_001 }, (_, i) => i % 3), sampleEntropy: true }, 'body.sampleEntropy'],
    [{ values: [1, 2], windowSize: 4 }, 'body'],
  ])('rejects invalid options with VALIDATION_FAILED naming the field (%#)', async (payload, path) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
  });
});
