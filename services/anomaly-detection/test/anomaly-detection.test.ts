import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '@vigie/contracts';
import { collectTopic, createTestHarness, eventually, type TestHarness } from '@vigie/service-kit-testing';
import { createAnomalyDetectionService } from '../src/service';
import { publish, startFeatures, tempRegistry, window } from './support';

describe('anomaly-detection service', () => {
  let h: TestHarness;
  let models: Awaited<ReturnType<typeof tempRegistry>>;
  beforeAll(async () => {
    h = await createTestHarness();
    models = await tempRegistry();
  });
  afterAll(async () => {
    await h.close();
    await models.remove();
  });

  it('fits a baseline on the first windows, flags a departure once, and never re-publishes on replay', async () => {
    const out = await collectTopic(h.bus, TOPICS.anomaliesDetected);
    const service = createAnomalyDetectionService({ ...h.deps('anomaly'), modelRegistry: models.registry, config: { baselineWindows: 4 } });
    await service.start();
    await publish(
      h,
      [0, 1, 2, 3].map((i) => window(i, 2.2 + 0.02 * i)),
    );
    await eventually(async () => (await h.db('anomaly').query('SELECT 1 FROM anomaly_models')).rowCount === 1);
    await publish(h, [window(4, 2.21), window(5, 6.5)]);
    await eventually(() => out.messages.length === 1);
    const a = JSON.parse(out.messages[0]!.value.toString()).data;
    expect(a).toMatchObject({ assetId: 'P-1', windowStart: 5000, anomalyId: 'an:P-1.vibration:5000' });
    expect(['high', 'critical']).toContain(a.criticality);
    await service.stop();

    const again = createAnomalyDetectionService({ ...h.deps('anomaly'), modelRegistry: models.registry, config: { baselineWindows: 4 } });
    await again.start();
    await publish(h, [window(5, 6.5), window(6, 2.2)]);
    const history = await eventually(async () => {
      const body = (await again.app.inject({ method: 'GET', url: '/api/v1/anomalies/P-1' })).json() as {
        anomalies: { contributors: { feature: string }[] }[];
      };
      return body.anomalies.length === 1 ? body : null;
    });
    expect(history.anomalies[0]!.contributors[0]!.feature).toMatch(/rms|mean|max/);
    await new Promise((r) => setTimeout(r, 200));
    expect(out.messages).toHaveLength(1);
    const metrics = await again.app.inject({ method: 'GET', url: '/actuator/prometheus' });
    expect(metrics.body).toContain('vigie_reading_to_verdict_seconds_count');
    await again.stop();
    await out.stop();
  });

  it('reports a non-critical departure only when it persists two windows in a row', async () => {
    const out = await collectTopic(h.bus, TOPICS.anomaliesDetected);
    const service = createAnomalyDetectionService({
      ...h.deps('anomaly_persist'),
      modelRegistry: models.registry,
      config: { baselineWindows: 4, persistWindows: 2 },
    });
    await service.start();
    const w = (i: number, rms: number) => window(i, rms, 'P-2.vibration', 'P-2');
    await publish(
      h,
      [0, 1, 2, 3].map((i) => w(i, 2.2 + 0.02 * i)),
    );
    await eventually(async () => (await h.db('anomaly_persist').query('SELECT 1 FROM anomaly_models')).rowCount === 1);
    // |z| ≈ 7 (criticality low): once alone, then twice in a row.
    await publish(h, [w(4, 3), w(5, 2.21), w(6, 3), w(7, 3)]);
    const mine = () => out.messages.map((m) => JSON.parse(m.value.toString()).data).filter((a) => a.assetId === 'P-2');
    await eventually(() => mine().length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(mine()).toEqual([expect.objectContaining({ anomalyId: 'an:P-2.vibration:7000', criticality: 'low' })]);
    await service.stop();
    await out.stop();
  });

  it('detect scores a posted window; it needs a baseline first (409 with a stable code)', async () => {
    const service = createAnomalyDetectionService({ ...h.deps('anomaly_rest'), modelRegistry: models.registry });
    await service.start();
    const missing = await service.app.inject({ method: 'POST', url: '/api/v1/anomalies/detect', payload: window(1, 9, 'Z-9.v') });
    expect(missing.statusCode).toBe(409);
    expect(missing.json().error.code).toBe('ANOMALY_BASELINE_MISSING');
    const bad = await service.app.inject({ method: 'POST', url: '/api/v1/anomalies/detect', payload: { sensorId: 'x' } });
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    await service.stop();
  });

  it('trains baselines from the windows stored by the real feature-extraction service over HTTP, as a job', async () => {
    const features = await startFeatures(h, 'features_for_train', ['T-1'], 6);
    const service = createAnomalyDetectionService({
      ...h.deps('anomaly_train'),
      modelRegistry: models.registry,
      config: { featuresUrl: features.url },
    });
    await service.start();
    const res = await service.app.inject({ method: 'POST', url: '/api/v1/anomalies/train', payload: { assetId: 'T-1', windows: 5 } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ assetId: 'T-1', status: 'queued', progress: 0, params: { windows: 5 } });
    const job = await eventually(async () => {
      const body = (await service.app.inject({ method: 'GET', url: `/api/v1/anomalies/jobs/${res.json().id}` })).json();
      return body.status === 'succeeded' ? body : null;
    });
    // 5 windows: 4 fitted, the last one held out for validation.
    expect(job.models).toEqual([expect.objectContaining({ assetId: 'T-1', model: 'anomaly-T-1', version: 1, windows: 4, promoted: true })]);
    expect(job.progress).toBe(1);
    const none = await service.app.inject({ method: 'POST', url: '/api/v1/anomalies/train', payload: { assetId: 'NOPE', windows: 5 } });
    const failed = await eventually(async () => {
      const body = (await service.app.inject({ method: 'GET', url: `/api/v1/anomalies/jobs/${none.json().id}` })).json();
      return body.status === 'failed' ? body : null;
    });
    expect(failed.message).toMatch(/^TRAINING_DATA_MISSING/);
    await service.stop();
    await features.service.stop();
  });
});
