import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreprocessedData, SensorData, TOPICS, dlqTopic, type SensorDataPayload } from '@vigie/contracts';
import { DLQ_HEADERS } from '@vigie/service-kit';
import { collectTopic, createTestHarness, eventually, type TestHarness } from '@vigie/service-kit-testing';
import { cleanBatch } from '../src/domain/clean';
import { createPreprocessingService } from '../src/service';

const batch = (samples: SensorDataPayload['samples'], sensorId = 'P-1.vibration'): SensorDataPayload => ({
  assetId: 'P-1',
  sensorId,
  unit: 'mm/s',
  samples,
});

describe('cleanBatch', () => {
  it('drops duplicates, out-of-order, bad-quality and out-of-range samples and counts each', () => {
    const r = cleanBatch(
      batch([
        { ts: 1000, value: 1, quality: 'good' },
        { ts: 1000, value: 1, quality: 'good' },
        { ts: 900, value: 1, quality: 'good' },
        { ts: 2000, value: null, quality: 'bad' },
        { ts: 3000, value: 999, quality: 'good' },
        { ts: 4000, value: 2, quality: 'uncertain' },
      ]),
      null,
    );
    expect(r.counts).toEqual({ received: 6, emitted: 2, duplicates: 1, outOfOrder: 1, outOfRange: 1, badQuality: 1 });
    expect(r.output?.samples).toEqual([
      { ts: 1000, value: 1, quality: 'good', flags: [] },
      { ts: 4000, value: 2, quality: 'uncertain', flags: ['gap_before', 'bad_quality'] },
    ]);
    expect(r.lastTs).toBe(4000);
  });

  it('treats everything at or before the high-water mark as already seen', () => {
    const r = cleanBatch(batch([{ ts: 5, value: 1, quality: 'good' }, { ts: 6, value: 1, quality: 'good' }]), 6);
    expect(r.output).toBeNull();
    expect(r.counts.duplicates + r.counts.outOfOrder).toBe(2);
  });
});

describe('preprocessing service', () => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createTestHarness();
  });
  afterAll(async () => h.close());

  it('cleans sensor-data into preprocessed-data, stores it once, and survives a restart without re-emitting', async () => {
    const service = createPreprocessingService(h.deps('preprocessing'));
    await service.start();
    const out = await collectTopic(h.bus, TOPICS.preprocessedData);
    const e1 = SensorData.create({ source: 'test', subject: 'P-1', data: batch([{ ts: 1, value: 1, quality: 'good' }, { ts: 2, value: 2, quality: 'good' }]) });
    await h.bus.publish(TOPICS.sensorData, [{ key: 'P-1', value: JSON.stringify(e1) }]);
    await eventually(() => out.messages.length === 1);
    const db = h.db('preprocessing');
    await eventually(async () => (await db.query('SELECT 1 FROM preprocessed_data')).rowCount === 2);
    await service.stop();

    // A new instance (restart) sees the same event again (redelivery) and a new one.
    const again = createPreprocessingService(h.deps('preprocessing'));
    await again.start();
    const e2 = SensorData.create({ source: 'test', subject: 'P-1', data: batch([{ ts: 2, value: 2, quality: 'good' }, { ts: 3, value: 3, quality: 'good' }]) });
    await h.bus.publish(TOPICS.sensorData, [{ key: 'P-1', value: JSON.stringify(e1) }, { key: 'P-1', value: JSON.stringify(e2) }]);
    await eventually(() => out.messages.length === 2);
    const last = PreprocessedData.parse(JSON.parse(out.messages[1]!.value.toString()).data);
    expect(last.samples.map((s) => s.ts)).toEqual([3]);
    expect((await db.query('SELECT 1 FROM preprocessed_data')).rowCount).toBe(3);

    const stats = await again.app.inject({ method: 'GET', url: '/api/v1/preprocessing/stats' });
    expect(stats.statusCode).toBe(200);
    // e1 came twice under one event id: counted once. e2 repeats ts=2 (a duplicate sample).
    expect(stats.json()).toMatchObject({ received: 4, emitted: 3, duplicates: 1 });
    await again.stop();
    await out.stop();
  });

  it('dead-letters a malformed message with its reason and keeps flowing', async () => {
    const service = createPreprocessingService(h.deps('preprocessing_dlq'));
    await service.start();
    const dlq = await collectTopic(h.bus, dlqTopic(TOPICS.sensorData));
    const out = await collectTopic(h.bus, TOPICS.preprocessedData);
    const before = out.messages.length;
    const good = SensorData.create({ source: 'test', subject: 'Q-1', data: { ...batch([{ ts: 10, value: 1, quality: 'good' }], 'Q-1.temp'), assetId: 'Q-1', unit: '°C' } });
    await h.bus.publish(TOPICS.sensorData, [
      { key: 'Q-1', value: '{not json' },
      { key: 'Q-1', value: JSON.stringify({ ...good, data: { ...good.data, samples: [] } }) },
      { key: 'Q-1', value: JSON.stringify(good) },
    ]);
    await eventually(() => dlq.messages.length >= 2);
    expect(dlq.messages.map((m) => m.headers[DLQ_HEADERS.code])).toEqual(expect.arrayContaining(['EVENT_NOT_JSON', 'EVENT_DATA_INVALID']));
    expect(dlq.messages.find((m) => m.headers[DLQ_HEADERS.code] === 'EVENT_DATA_INVALID')!.headers[DLQ_HEADERS.reason]).toContain('samples');
    await eventually(() => out.messages.length > before);
    const stats = await service.app.inject({ method: 'GET', url: '/api/v1/preprocessing/stats' });
    expect(stats.json().deadLettered).toBe(2);
    await service.stop();
    await dlq.stop();
    await out.stop();
  });

  it('answers a malformed REST body with 400 and a stable code', async () => {
    const service = createPreprocessingService(h.deps('preprocessing_rest'));
    await service.start();
    const bad = await service.app.inject({ method: 'POST', url: '/api/v1/preprocessing/process', payload: { assetId: 'P-1' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const notJson = await service.app.inject({ method: 'POST', url: '/api/v1/preprocessing/process', headers: { 'content-type': 'application/json' }, payload: '{oops' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('MALFORMED_JSON');
    const ok = await service.app.inject({ method: 'POST', url: '/api/v1/preprocessing/process', payload: batch([{ ts: 1, value: 3, quality: 'good' }]) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().output.samples).toHaveLength(1);
    const health = await service.app.inject({ method: 'GET', url: '/api/v1/preprocessing/health' });
    expect(health.json()).toMatchObject({ status: 'UP', service: 'preprocessing' });
    const openapi = await service.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(Object.keys(openapi.json().paths)).toEqual(expect.arrayContaining(['/api/v1/preprocessing/process', '/api/v1/preprocessing/stats']));
    await service.stop();
  });
});
