import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreprocessedData, TOPICS, type Asset, type PreprocessedDataPayload } from '@vigie/contracts';
import type { EventBus } from '@vigie/service-kit';
import { collectTopic, createTestHarness, eventually, type TestHarness } from '@vigie/service-kit-testing';
import { createFeatureExtractionService } from '../src/service';

const event = (assetId: string, sensorId: string, from: number, to: number, flagged = (_ts: number) => false) => {
  const samples: PreprocessedDataPayload['samples'] = [];
  for (let ts = from; ts < to; ts += 100)
    samples.push({
      ts,
      value: 1 + ((ts / 100) % 7),
      quality: 'good',
      flags: flagged(ts) ? ['bad_quality', 'gap_before'] : ts === 600 ? ['gap_before'] : [],
    });
  return {
    key: assetId,
    value: JSON.stringify(
      PreprocessedData.create({ source: 'test', subject: assetId, data: { assetId, sensorId, unit: 'mm/s', samples } }),
    ),
  };
};

const asset = (id: string, type: string): Asset => ({
  id,
  name: id,
  type,
  site: '',
  area: '',
  line: '',
  latitude: null,
  longitude: null,
  sensors: [],
});

/** Window policy per asset type: pumps get 1 s sliding windows (hop 0.5 s) on vibration, everything else 1 s tumbling. */
const profiles = {
  profiles: {
    default: { window: { kind: 'tumbling' }, features: { families: ['time'] } },
    pump: { sensors: { vibration: { window: { kind: 'sliding', hopsPerWindow: 2 }, features: { families: ['time', 'tsfresh'] } } } },
  },
};

describe('feature-extraction: window policy per asset type', () => {
  let h: TestHarness;
  let ingestion: Server;
  let ingestionUrl: string;
  beforeAll(async () => {
    h = await createTestHarness();
    // Stands in for ingestion-iiot's asset registry: the same route and response contract (AssetListResponse).
    ingestion = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url === '/api/v1/ingestion/assets' ? { assets: [asset('PX-1', 'pump'), asset('FX-1', 'fan')] } : {}));
    });
    await new Promise<void>((r) => ingestion.listen(0, '127.0.0.1', r));
    ingestionUrl = `http://127.0.0.1:${(ingestion.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => ingestion.close(r));
    await h.close();
  });

  it('cuts sliding windows for a pump vibration sensor and tumbling ones elsewhere, emits each once across a restart', async () => {
    const config = { windowSeconds: 1, minSamples: 2, ingestionUrl, profiles };
    const out = await collectTopic(h.bus, TOPICS.extractedFeatures);
    const first = createFeatureExtractionService({ ...h.deps('fx_policy'), config });
    await first.start();
    await h.bus.publish(TOPICS.preprocessedData, [
      event('PX-1', 'PX-1.vibration', 0, 1000, (ts) => ts === 300),
      event('PX-1', 'PX-1.vibration', 1000, 1700),
      event('FX-1', 'FX-1.vibration', 0, 1700),
    ]);
    await eventually(() => out.messages.length === 3); // PX-1: [0,1000) and [500,1500); FX-1: [0,1000)
    await first.stop();

    // The second instance restores from the table and the window cursors, then the replay from the held-back offset.
    const second = createFeatureExtractionService({ ...h.deps('fx_policy'), config });
    await second.start();
    await h.bus.publish(TOPICS.preprocessedData, [
      event('PX-1', 'PX-1.vibration', 1700, 3100),
      event('FX-1', 'FX-1.vibration', 1700, 3100),
    ]);
    await eventually(() => out.messages.length >= 8);
    await new Promise((r) => setTimeout(r, 300));
    const events = out.messages.map(
      (m) =>
        JSON.parse(m.value.toString()) as {
          id: string;
          data: { sensorId: string; windowStart: number; sampleCount: number; features: Record<string, number> };
        },
    );
    const of = (sensor: string) => events.filter((e) => e.data.sensorId === sensor);
    expect(of('PX-1.vibration').map((e) => [e.id, e.data.sampleCount])).toEqual([
      ['fx:PX-1.vibration:0:1000/500', 10],
      ['fx:PX-1.vibration:500:1000/500', 10],
      ['fx:PX-1.vibration:1000:1000/500', 10],
      ['fx:PX-1.vibration:1500:1000/500', 10],
      ['fx:PX-1.vibration:2000:1000/500', 10],
    ]);
    expect(of('FX-1.vibration').map((e) => e.id)).toEqual(['fx:FX-1.vibration:0', 'fx:FX-1.vibration:1000', 'fx:FX-1.vibration:2000']);
    // The pump profile adds the tsfresh family; every window carries quality_ratio (one degraded sample of ten; gap_before alone does not count).
    expect(of('PX-1.vibration')[0]!.data.features).toMatchObject({
      rms: expect.any(Number),
      trend_slope: expect.any(Number),
      quality_ratio: 0.9,
    });
    expect(of('FX-1.vibration')[0]!.data.features.trend_slope).toBeUndefined();
    const db = h.db('fx_policy');
    expect((await db.query('SELECT 1 FROM extracted_features')).rowCount).toBe(8);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM window_cursors')).rows[0]!.n).toBe(2);
    await second.stop();
    await out.stop();
  });

  it('publishes the windows of a batch whose first attempt failed to publish (the bus retries it, its samples already held)', async () => {
    let failures = 1;
    // The real bus, with the broker refusing the first publish of this test's windows.
    const flaky: EventBus = {
      ensureTopics: (t) => h.bus.ensureTopics(t),
      publish: async (topic, messages) => {
        if (topic === TOPICS.extractedFeatures && messages.some((m) => m.key === 'RX-1') && failures-- > 0)
          throw new Error('broker unavailable');
        return h.bus.publish(topic, messages);
      },
      subscribe: (o) => h.bus.subscribe(o),
      committedOffsets: (g, t) => h.bus.committedOffsets(g, t),
      endOffsets: (t) => h.bus.endOffsets(t),
      close: async () => undefined,
    };
    const out = await collectTopic(h.bus, TOPICS.extractedFeatures);
    const service = createFeatureExtractionService({
      ...h.deps('fx_retry'),
      bus: flaky,
      config: { windowSeconds: 1, minSamples: 2, ingestionUrl: null },
    });
    await service.start();
    await h.bus.publish(TOPICS.preprocessedData, [event('RX-1', 'RX-1.temp', 0, 2100)]);
    const mine = () =>
      out.messages.map((m) => JSON.parse(m.value.toString()) as { id: string }).filter((e) => e.id.startsWith('fx:RX-1.temp'));
    await eventually(() => mine().length === 2, 15_000);
    expect(failures).toBe(-1); // failed once, then succeeded
    expect(mine().map((e) => e.id)).toEqual(['fx:RX-1.temp:0', 'fx:RX-1.temp:1000']);
    expect((await h.db('fx_retry').query(`SELECT 1 FROM extracted_features WHERE sensor_id = 'RX-1.temp'`)).rowCount).toBe(2);
    await service.stop();
    await out.stop();
  });

  it('lists the definitions of every configured profile (not read as an asset id), with window, unit and family', async () => {
    const service = createFeatureExtractionService({ ...h.deps('fx_defs'), config: { windowSeconds: 1, ingestionUrl: null, profiles } });
    await service.start();
    const all = (await service.app.inject({ method: 'GET', url: '/api/v1/features/definitions' })).json().definitions as Record<
      string,
      unknown
    >[];
    expect(all.find((d) => d.profile === 'default' && d.name === 'rms')).toEqual({
      name: 'rms',
      profile: 'default',
      family: 'time',
      description: 'Root mean square',
      unit: 'signal',
      window: '1s tumbling',
      version: 1,
    });
    const pump = await service.app.inject({ method: 'GET', url: '/api/v1/features/definitions?profile=pump%2Fvibration&family=tsfresh' });
    const names = (pump.json().definitions as { name: string; window: string }[]).map((d) => d.name);
    expect(names).toContain('trend_slope');
    expect(names).toContain('c3_lag_1');
    expect(pump.json().definitions[0].window).toBe('1s sliding, hop 0.5s');
    const bad = await service.app.inject({ method: 'GET', url: '/api/v1/features/definitions?family=fft' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    // The rows the first migration seeded were replaced by the generated ones.
    expect((await h.db('fx_defs').query(`SELECT 1 FROM feature_definitions WHERE "window" = ''`)).rowCount).toBe(0);
    await service.stop();
  });
});
