import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreprocessedData, SensorData, TOPICS, dlqTopic, type PreprocessedSample, type SensorDataPayload } from '@vigie/contracts';
import { DLQ_HEADERS, type BusMessage } from '@vigie/service-kit';
import { collectTopic, createTestHarness, eventually, type TestHarness } from '@vigie/service-kit-testing';
import { createPreprocessingService } from '../src/service';
import type { PreprocessingConfigInput } from '../src/config';
import { chunks, faultyStream } from './stream-fixtures';

const T0 = 1_700_000_000_000;
const batch = (samples: SensorDataPayload['samples'], sensorId = 'P-1.vibration'): SensorDataPayload => ({
  assetId: sensorId.split('.')[0]!,
  sensorId,
  unit: 'mm/s',
  samples,
});
const event = (data: SensorDataPayload, id?: string) =>
  SensorData.create({ source: 'test', subject: data.assetId, data, ...(id ? { id } : {}) });
const message = (e: ReturnType<typeof event>) => ({ key: e.subject, value: JSON.stringify(e) });
/** No idle flush during a test unless it asks for one: outputs then depend on the stream only. */
const steady: PreprocessingConfigInput = { idleFlushMs: 600_000 };

function samplesOf(messages: readonly BusMessage[], sensorId: string): PreprocessedSample[] {
  return messages
    .map((m) => JSON.parse(m.value.toString()) as { data: unknown })
    .map((e) => PreprocessedData.parse(e.data))
    .filter((d) => d.sensorId === sensorId)
    .flatMap((d) => d.samples);
}

describe('preprocessing service', () => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createTestHarness();
  });
  afterAll(async () => h.close());

  it('emits bad and out-of-range samples flagged with their reading, counts duplicates and late samples, reorders within the lateness', async () => {
    const service = createPreprocessingService({
      ...h.deps('pp_flags'),
      config: { ...steady, rules: { defaults: { latenessMs: 2000, resample: { enabled: false } } } },
    });
    await service.start();
    const out = await collectTopic(h.bus, TOPICS.preprocessedData);
    const s = 'F-1.vibration';
    const v = (i: number) => 2 + Math.sin(i) * 0.3;
    const good = (i: number, value = v(i)) => ({ ts: T0 + i * 1000, value, quality: 'good' as const });
    const e1 = event(batch([good(0), good(1), { ts: T0 + 2000, value: null, quality: 'bad' }, good(3, 999), good(5), good(4)], s));
    const e2 = event(
      batch(
        [good(5), ...[6, 7, 8].map((i) => good(i)), { ts: T0 + 2500, value: 5, quality: 'good' }, ...[9, 10, 11, 12].map((i) => good(i))],
        s,
      ),
    );
    await h.bus.publish(TOPICS.sensorData, [message(e1), message(e2)]);
    await eventually(async () => (await h.db('pp_flags').query('SELECT 1 FROM preprocessing_metadata')).rowCount === 2);
    await eventually(() => samplesOf(out.messages, s).length >= 5);
    const samples = samplesOf(out.messages, s);
    // Watermark = 12 s − 2 s, the Hampel look-ahead of 5 samples, the flat-line check of 1: up to 4 s out, in order, once each.
    expect(samples.map((x) => (x.ts - T0) / 1000)).toEqual([0, 1, 2, 3, 4]);
    const bad = samples[2]!;
    expect([bad.raw, bad.quality, bad.flags]).toEqual([null, 'bad', ['bad_quality', 'imputed']]);
    expect(bad.value).toBeCloseTo(v(1) + (v(4) - v(1)) / 3, 12);
    expect(samples[3]).toMatchObject({ raw: 999, flags: ['out_of_range', 'imputed'] });
    expect(samples[4]!.flags).toEqual(['reordered']);
    expect(samples.filter((x) => x.flags.length === 0)).toHaveLength(2);
    const stats = (await service.app.inject({ method: 'GET', url: '/api/v1/preprocessing/stats' })).json();
    expect(stats).toMatchObject({ received: 15, emitted: 5, duplicates: 1, outOfOrder: 1, outOfRange: 1, badQuality: 1 });
    expect(stats.flags).toMatchObject({ imputed: 2, out_of_range: 1, bad_quality: 1, reordered: 1, spike: 0 });
    expect(stats.operations).toMatchObject({ dedupe: 1, reorder: 1, impute: 2 });
    const rows = await h
      .db('pp_flags')
      .query<{ raw: number | null; flags: string[] }>("SELECT raw, flags FROM preprocessed_data WHERE flags @> ARRAY['out_of_range'] ");
    expect(rows.rows).toEqual([{ raw: 999, flags: ['out_of_range', 'imputed'] }]);
    const meta = await h
      .db('pp_flags')
      .query<{ operations: { op: string; affected: number }[] }>(
        'SELECT operations FROM preprocessing_metadata ORDER BY processed_at LIMIT 1',
      );
    expect(meta.rows[0]!.operations.map((o) => o.op)).toContain('hampel');
    await service.stop();
    await out.stop();
  });

  it('produces exactly the same output after a restart mid-stream (state restored, a redelivery a no-op) as uninterrupted', async () => {
    const stream = faultyStream(500, 3);
    const parts = chunks(stream, 21, 40);
    const run = async (sensorId: string, restartAt: number | null) => {
      const schema = `pp_restart_${sensorId.replace(/\W/g, '_')}`;
      const events = parts.map((p, i) => event(batch(p, sensorId), `${sensorId}-e${i}`));
      const out = await collectTopic(h.bus, TOPICS.preprocessedData);
      const processed = async () =>
        Number(
          (await h.db(schema).query<{ n: number }>("SELECT count(*)::int AS n FROM preprocessing_metadata WHERE operation = 'stream'"))
            .rows[0]!.n,
        );
      let service = createPreprocessingService({ ...h.deps(schema), config: steady });
      await service.start();
      const first = restartAt ?? events.length;
      await h.bus.publish(TOPICS.sensorData, events.slice(0, first).map(message));
      await eventually(async () => (await processed()) === first, 20_000);
      if (restartAt !== null) {
        await service.stop();
        service = createPreprocessingService({ ...h.deps(schema), config: steady });
        await service.start();
        await h.bus.publish(TOPICS.sensorData, [message(events[restartAt - 1]!), ...events.slice(restartAt).map(message)]);
        await eventually(async () => (await processed()) === events.length, 20_000);
      }
      const stats = (await service.app.inject({ method: 'GET', url: '/api/v1/preprocessing/stats' })).json();
      await service.stop();
      await eventually(() => samplesOf(out.messages, sensorId).length === stats.emitted);
      await out.stop();
      const stored = await h.db(schema).query('SELECT ts, value, flags, raw, normalized FROM preprocessed_data ORDER BY ts');
      return { samples: samplesOf(out.messages, sensorId), stats, stored: stored.rows };
    };
    const uninterrupted = await run('R-1.vibration', null);
    const restarted = await run('R-2.vibration', Math.floor(parts.length / 2));
    expect(uninterrupted.samples.length).toBeGreaterThan(400);
    expect(restarted.samples).toEqual(uninterrupted.samples);
    expect(restarted.stored).toEqual(uninterrupted.stored);
    const { since: _a, ...a } = uninterrupted.stats;
    const { since: _b, ...b } = restarted.stats;
    expect(b).toEqual(a);
  });

  it('flushes a quiet sensor’s held samples after idleFlushMs', async () => {
    const service = createPreprocessingService({ ...h.deps('pp_idle'), config: { idleFlushMs: 150 } });
    await service.start();
    const out = await collectTopic(h.bus, TOPICS.preprocessedData);
    const s = 'Q-9.vibration';
    await h.bus.publish(TOPICS.sensorData, [
      message(
        event(
          batch(
            [0, 1, 2].map((i) => ({ ts: T0 + i * 1000, value: 1 + i, quality: 'good' as const })),
            s,
          ),
        ),
      ),
    ]);
    // Everything is within the 2 s lateness (and the Hampel look-ahead): nothing can leave until the flush.
    await eventually(() => samplesOf(out.messages, s).length === 3, 5000);
    expect(samplesOf(out.messages, s).map((x) => x.value)).toEqual([1, 2, 3]);
    const flush = await h
      .db('pp_idle')
      .query<{ event_id: string; emitted: number }>("SELECT event_id, emitted FROM preprocessing_metadata WHERE operation = 'idle_flush'");
    expect(flush.rows).toEqual([{ event_id: `flush:${s}:1`, emitted: 3 }]);
    await service.stop();
    await out.stop();
  });

  it('dead-letters a malformed message with its reason and keeps flowing', async () => {
    const service = createPreprocessingService({ ...h.deps('preprocessing_dlq'), config: { idleFlushMs: 100 } });
    await service.start();
    const dlq = await collectTopic(h.bus, dlqTopic(TOPICS.sensorData));
    const out = await collectTopic(h.bus, TOPICS.preprocessedData);
    const good = event({ ...batch([{ ts: 10, value: 1, quality: 'good' }], 'Q-1.temp'), unit: '°C' });
    await h.bus.publish(TOPICS.sensorData, [
      { key: 'Q-1', value: '{not json' },
      { key: 'Q-1', value: JSON.stringify({ ...good, data: { ...good.data, samples: [] } }) },
      message(good),
    ]);
    await eventually(() => dlq.messages.length >= 2);
    expect(dlq.messages.map((m) => m.headers[DLQ_HEADERS.code])).toEqual(expect.arrayContaining(['EVENT_NOT_JSON', 'EVENT_DATA_INVALID']));
    expect(dlq.messages.find((m) => m.headers[DLQ_HEADERS.code] === 'EVENT_DATA_INVALID')!.headers[DLQ_HEADERS.reason]).toContain(
      'samples',
    );
    await eventually(() => samplesOf(out.messages, 'Q-1.temp').length > 0);
    const stats = await service.app.inject({ method: 'GET', url: '/api/v1/preprocessing/stats' });
    expect(stats.json().deadLettered).toBe(2);
    await service.stop();
    await dlq.stop();
    await out.stop();
  });

  it('runs the same pipeline on a posted batch, with a config override, and answers 400 with a stable code', async () => {
    const service = createPreprocessingService({ ...h.deps('preprocessing_rest'), config: steady });
    await service.start();
    const post = (payload: Record<string, unknown>) =>
      service.app.inject({ method: 'POST', url: '/api/v1/preprocessing/process', payload });
    const bad = await post({ assetId: 'P-1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const notJson = await service.app.inject({
      method: 'POST',
      url: '/api/v1/preprocessing/process',
      headers: { 'content-type': 'application/json' },
      payload: '{oops',
    });
    expect(notJson.json().error.code).toBe('MALFORMED_JSON');

    const samples = Array.from({ length: 40 }, (_, i) => ({
      ts: T0 + i * 1000,
      value: i === 20 ? 60 : 2 + Math.sin(i / 3) * 0.1,
      quality: 'good' as const,
    }));
    samples.push({ ...samples[10]! }, { ts: T0 + 41_000, value: 500, quality: 'good' }, { ts: T0 + 42_000, value: 2, quality: 'good' });
    const ok = await post({ ...batch(samples), config: { latenessMs: 0 } });
    expect(ok.statusCode).toBe(200);
    const body = ok.json();
    // 40 s, one repeat, nothing at 40 s (a one-sample gap, filled), 41 s out of range, 42 s.
    expect(body.output.samples).toHaveLength(43);
    expect(body.output.samples[20]).toMatchObject({ raw: 60, flags: ['spike'] });
    expect(body.output.samples[40]).toMatchObject({ ts: T0 + 40_000, flags: ['imputed', 'resampled'] });
    expect(body.output.samples[40].raw).toBeUndefined();
    expect(body.counts).toMatchObject({ received: 43, emitted: 43, duplicates: 1, outOfRange: 1 });
    expect(body.flags).toMatchObject({ spike: 1, out_of_range: 1, imputed: 2, resampled: 1 });
    expect(body.operations.find((o: { op: string }) => o.op === 'reorder').params).toEqual({ latenessMs: 0 });

    const noCutoff = await post({ ...batch(samples), config: { butterworth: { enabled: true } } });
    expect(noCutoff.statusCode).toBe(400);
    expect(noCutoff.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'body.config.butterworth.cutoffHz' }] },
    });
    const aboveNyquist = await post({ ...batch(samples), config: { butterworth: { enabled: true, cutoffHz: 2 } } });
    expect(aboveNyquist.statusCode).toBe(400);
    expect(aboveNyquist.json().error.details.issues[0].code).toBe('FILTER_CUTOFF_INVALID');
    const unknownKey = await post({ ...batch(samples), config: { smooth: true } });
    expect(unknownKey.json().error.code).toBe('VALIDATION_FAILED');

    const openapi = await service.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(Object.keys(openapi.json().paths)).toEqual(
      expect.arrayContaining(['/api/v1/preprocessing/process', '/api/v1/preprocessing/stats']),
    );
    await service.stop();
  });
});
