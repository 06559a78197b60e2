import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '@vigie/contracts';
import { createPlant, startOpcUaServer, type RunningOpcUaServer } from '@vigie/plant-simulator';
import { collectTopic, createTestHarness, eventually, freePort, type TestHarness } from '@vigie/service-kit-testing';
import { batchReadings } from '../src/domain/batch-readings';
import { parquetReadObjects } from 'hyparquet';
import { FilesystemObjectStore, listAll } from '@vigie/service-kit';
import { createIngestionService } from '../src/service';

const tmp = mkdtempSync(path.join(tmpdir(), 'vigie-ingestion-'));
process.env.XDG_CONFIG_HOME = tmp;


describe('batchReadings', () => {
  it('makes one time-ordered batch per sensor with a content-derived id', () => {
    const r = (sensorId: string, ts: number) => ({ assetId: 'A', sensorId, ts, value: ts, unit: 'A', quality: 'good' as const });
    const batches = batchReadings([r('A.c', 3), r('A.t', 1), r('A.c', 2)]);
    expect(batches.map((b) => [b.id, b.data.samples.map((s) => s.ts)])).toEqual([
      ['sd:A.c:2:3:2', [2, 3]],
      ['sd:A.t:1:1:1', [1]],
    ]);
  });
});

describe('ingestion-iiot service with the simulator over OPC UA', () => {
  let h: TestHarness;
  let server: RunningOpcUaServer;
  beforeAll(async () => {
    h = await createTestHarness();
    const plant = createPlant({ seed: 7, accel: 600 });
    server = await startOpcUaServer(plant, { port: await freePort(), host: '127.0.0.1', pkiDir: path.join(tmp, 'server-pki') });
  });
  afterAll(async () => {
    await server.stop();
    await h.close();
  });

  it('discovers the plant, publishes sensor-data and stores each published reading exactly once', async () => {
    const published = await collectTopic(h.bus, TOPICS.sensorData);
    const service = createIngestionService({
      ...h.deps('ingestion'),
      config: { sources: [{ id: 'sim', protocol: 'opcua', endpoint: server.endpointUrl }], pkiDir: path.join(tmp, 'client-pki') },
    });
    await service.start();
    const assets = await eventually(async () => {
      const res = await service.app.inject({ method: 'GET', url: '/api/v1/ingestion/assets' });
      return res.json().assets.length >= 4 ? res.json().assets : null;
    }, 20_000);
    expect(assets.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(['P-101', 'P-102', 'M-201', 'F-301']));
    await eventually(() => published.messages.length >= 20, 20_000);

    const stop = await service.app.inject({ method: 'POST', url: '/api/v1/ingestion/stop', payload: {} });
    expect(stop.json().sources[0]).toMatchObject({ id: 'sim', state: 'stopped' });
    const health = await service.app.inject({ method: 'GET', url: '/api/v1/ingestion/health' });
    expect(health.json().components.sources.details.sources[0].state).toBe('stopped');

    // Everything published lands in sensor_data once: count samples on the topic vs rows.
    const samples = new Set<string>();
    for (const m of published.messages) {
      const data = JSON.parse(m.value.toString()).data;
      for (const s of data.samples) samples.add(`${data.sensorId}@${s.ts}`);
    }
    const db = h.db('ingestion');
    await eventually(async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM sensor_data')).rows[0]!.n) === samples.size, 10_000);
    const dupes = await db.query('SELECT sensor_id, ts FROM sensor_data GROUP BY sensor_id, ts HAVING count(*) > 1');
    expect(dupes.rowCount).toBe(0);

    const unknown = await service.app.inject({ method: 'POST', url: '/api/v1/ingestion/start', payload: { sources: ['nope'] } });
    expect(unknown.statusCode).toBe(404);
    const bad = await service.app.inject({ method: 'POST', url: '/api/v1/ingestion/start', payload: { sources: 'sim' } });
    expect(bad.statusCode).toBe(400);
    const started = await service.app.inject({ method: 'POST', url: '/api/v1/ingestion/start', payload: { sources: ['sim'] } });
    expect(started.json().sources[0].state).toBe('connected');
    await service.stop();
    await published.stop();
  });

  it('rolls complete hours of sensor_data into Parquet in raw-sensor-data, readable back with equal rows', async () => {
    const store = FilesystemObjectStore.fromConfig({ root: path.join(tmp, 'objects') });
    const service = createIngestionService({
      ...h.deps('ingestion_archive'),
      objectStore: store,
      config: { sources: [{ id: 'sim', protocol: 'opcua', endpoint: server.endpointUrl }], pkiDir: path.join(tmp, 'client-pki'), archive: { enabled: true, bucket: 'raw-sensor-data', everyMs: 500 } },
    });
    await service.start();
    // accel 600: a plant hour passes every 6 s.
    const hour = await eventually(async () => (await service.app.inject({ method: 'GET', url: '/api/v1/ingestion/archive' })).json().hours.at(-1), 40_000, 250);
    expect(hour.keys.length).toBeGreaterThan(0);
    expect(hour.keys[0]).toMatch(/^date=\d{4}-\d{2}-\d{2}\/asset_id=[^/]+\/hour=\d{2}\/part-[0-9a-f]+\.parquet$/);
    let archived = 0;
    for (const key of hour.keys as string[]) {
      const bytes = await store.get('raw-sensor-data', key);
      const rows = (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer })) as { sensor_id: string }[];
      archived += rows.length;
    }
    const start = new Date(hour.hourStart);
    const stored = await h.db('ingestion_archive').query<{ n: string }>("SELECT count(*) AS n FROM sensor_data WHERE ts >= $1 AND ts < $1::timestamptz + interval '1 hour'", [start]);
    expect(archived).toBe(hour.rows);
    expect(archived).toBe(Number(stored.rows[0]!.n));
    expect((await listAll(store, 'raw-sensor-data', 'date=')).length).toBeGreaterThanOrEqual(hour.keys.length);
    await service.stop();
  });
});
