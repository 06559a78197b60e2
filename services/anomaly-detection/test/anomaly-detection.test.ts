import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractedFeatures, PreprocessedData, TOPICS, type ExtractedFeaturesPayload } from '@vigie/contracts';
import { collectTopic, createTestHarness, eventually, type TestHarness } from '@vigie/service-kit-testing';
import { createFeatureExtractionService } from '@vigie/feature-extraction';
import { createAnomalyDetectionService } from '../src/service';

const window = (i: number, rms: number, sensorId = 'P-1.vibration'): ExtractedFeaturesPayload => ({
  assetId: 'P-1',
  sensorId,
  unit: 'mm/s',
  windowStart: i * 1000,
  windowEnd: (i + 1) * 1000,
  sampleCount: 10,
  firstSampleTs: i * 1000,
  lastSampleTs: i * 1000 + 900,
  features: { mean: rms * 0.95, rms, std: 0.3, max: rms * 1.4, peak_to_peak: 1.2, kurtosis: 0.1 * (i % 2), crest_factor: 1.4 },
});
const publish = (h: TestHarness, ws: ExtractedFeaturesPayload[]) =>
  h.bus.publish(TOPICS.extractedFeatures, ws.map((w) => ({ key: w.assetId, value: JSON.stringify(ExtractedFeatures.create({ source: 't', subject: w.assetId, data: w, id: `fx:${w.sensorId}:${w.windowStart}` })) })));

describe('anomaly-detection service', () => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createTestHarness();
  });
  afterAll(async () => h.close());

  it('fits a baseline on the first windows, flags a departure once, and never re-publishes on replay', async () => {
    const out = await collectTopic(h.bus, TOPICS.anomaliesDetected);
    const service = createAnomalyDetectionService({ ...h.deps('anomaly'), config: { baselineWindows: 4 } });
    await service.start();
    await publish(h, [0, 1, 2, 3].map((i) => window(i, 2.2 + 0.02 * i)));
    await eventually(async () => (await h.db('anomaly').query('SELECT 1 FROM anomaly_models')).rowCount === 1);
    await publish(h, [window(4, 2.21), window(5, 6.5)]);
    await eventually(() => out.messages.length === 1);
    const a = JSON.parse(out.messages[0]!.value.toString()).data;
    expect(a).toMatchObject({ assetId: 'P-1', windowStart: 5000, anomalyId: 'an:P-1.vibration:5000' });
    expect(['high', 'critical']).toContain(a.criticality);
    await service.stop();

    const again = createAnomalyDetectionService({ ...h.deps('anomaly'), config: { baselineWindows: 4 } });
    await again.start();
    await publish(h, [window(5, 6.5), window(6, 2.2)]);
    const history = await eventually(async () => {
      const body = (await again.app.inject({ method: 'GET', url: '/api/v1/anomalies/P-1' })).json() as { anomalies: { contributors: { feature: string }[] }[] };
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

  it('detect scores a posted window; it needs a baseline first (409 with a stable code)', async () => {
    const service = createAnomalyDetectionService({ ...h.deps('anomaly_rest') });
    await service.start();
    const missing = await service.app.inject({ method: 'POST', url: '/api/v1/anomalies/detect', payload: window(1, 9, 'Z-9.v') });
    expect(missing.statusCode).toBe(409);
    expect(missing.json().error.code).toBe('ANOMALY_BASELINE_MISSING');
    const bad = await service.app.inject({ method: 'POST', url: '/api/v1/anomalies/detect', payload: { sensorId: 'x' } });
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    await service.stop();
  });

  it('trains baselines from the windows stored by the real feature-extraction service over HTTP', async () => {
    const features = createFeatureExtractionService({ ...h.deps('features_for_train'), config: { windowSeconds: 1, minSamples: 2 } });
    const address = await features.listen(0, '127.0.0.1');
    const samples = Array.from({ length: 60 }, (_, i) => ({ ts: i * 100, value: 2 + (i % 5) * 0.1, quality: 'good' as const, flags: [] }));
    await h.bus.publish(TOPICS.preprocessedData, [
      { key: 'T-1', value: JSON.stringify(PreprocessedData.create({ source: 't', subject: 'T-1', data: { assetId: 'T-1', sensorId: 'T-1.vibration', unit: 'mm/s', samples } })) },
    ]);
    await eventually(async () => (await h.db('features_for_train').query('SELECT 1 FROM extracted_features')).rowCount >= 5);
    const service = createAnomalyDetectionService({ ...h.deps('anomaly_train'), config: { featuresUrl: address } });
    await service.start();
    const res = await service.app.inject({ method: 'POST', url: '/api/v1/anomalies/train', payload: { assetId: 'T-1', windows: 5 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().models).toEqual([expect.objectContaining({ assetId: 'T-1', windows: 5 })]);
    const none = await service.app.inject({ method: 'POST', url: '/api/v1/anomalies/train', payload: { assetId: 'NOPE', windows: 5 } });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.code).toBe('TRAINING_DATA_MISSING');
    await service.stop();
    await features.stop();
  });
});
