import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractedFeatures, TOPICS, type ExtractedFeaturesPayload } from '@vigie/contracts';
import { collectTopic, createTestHarness, eventually, type TestHarness } from '@vigie/service-kit-testing';
import { healthHistoryRul, healthIndex, normalQuantile, trendRul } from '../src/domain/trend-rul';
import { createRulPredictionService } from '../src/service';

const HOUR = 3_600_000;
const params = { failureLimit: 11.2, level: 0.9, minSignificance: 3, onsetHealth: 0.9 };

describe('trendRul', () => {
  it('recovers the time to the failure limit of an exponential degradation and brackets it', () => {
    // value = 2.2·e^(0.1·t): reaches 11.2 at t = ln(11.2/2.2)/0.1 ≈ 16.27 h.
    const points = Array.from({ length: 12 }, (_, i) => ({ ts: i * HOUR, value: 2.2 * Math.exp(0.1 * i) * (1 + 0.01 * Math.sin(i * 7)) }));
    const r = trendRul(points, 2.2, params)!;
    const truth = Math.log(11.2 / 2.2) / 0.1 - 11;
    expect(r.rulHours).toBeGreaterThan(truth * 0.9);
    expect(r.rulHours).toBeLessThan(truth * 1.1);
    expect(r.lowerHours).toBeLessThanOrEqual(r.rulHours);
    expect(r.upperHours).toBeGreaterThanOrEqual(r.rulHours);
    expect(r.lowerHours).toBeLessThan(truth);
    expect(r.upperHours).toBeGreaterThan(truth);
  });

  it('claims nothing while the signal is still near its baseline, even on a steady rise', () => {
    const slow = Array.from({ length: 12 }, (_, i) => ({ ts: i * HOUR, value: 2.2 * (1 + 0.005 * i) }));
    expect(trendRul(slow, 2.2, params)).toBeNull();
  });

  it('claims nothing for a flat noisy signal, and zero at the limit', () => {
    const flat = Array.from({ length: 12 }, (_, i) => ({ ts: i * HOUR, value: 2.2 + 0.05 * Math.sin(i * 3) }));
    expect(trendRul(flat, 2.2, params)).toBeNull();
    const failed = [...flat.slice(0, 11), { ts: 11 * HOUR, value: 12 }];
    expect(trendRul(failed, 2.2, params)).toMatchObject({ rulHours: 0, healthIndex: 0 });
  });

  it('health index runs from 1 at baseline to 0 at the limit on a log scale', () => {
    expect(healthIndex(2.2, 2.2, 11.2)).toBe(1);
    expect(healthIndex(11.2, 2.2, 11.2)).toBe(0);
    expect(healthIndex(Math.sqrt(2.2 * 11.2), 2.2, 11.2)).toBeCloseTo(0.5, 12);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 4);
  });

  it('extrapolates a posted health history linearly to zero', () => {
    const r = healthHistoryRul(
      [0, 1, 2, 3].map((i) => ({ ts: i * HOUR, health: 1 - 0.1 * i })),
      0.9,
    )!;
    expect(r.rulHours).toBeCloseTo(7, 6);
  });
});

const window = (i: number, rms: number): ExtractedFeaturesPayload => ({
  assetId: 'P-1',
  sensorId: 'P-1.vibration',
  unit: 'mm/s',
  windowStart: i * HOUR,
  windowEnd: (i + 1) * HOUR,
  sampleCount: 10,
  firstSampleTs: i * HOUR,
  lastSampleTs: (i + 1) * HOUR - 1,
  features: { rms, mean: rms },
});

describe('rul-prediction service', () => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createTestHarness();
  });
  afterAll(async () => h.close());

  it('publishes predictions once the trend is significant, once per window, and lists its model', async () => {
    const out = await collectTopic(h.bus, TOPICS.rulPredictions);
    const service = createRulPredictionService({ ...h.deps('rul'), config: { baselineWindows: 4, trendWindows: 8 } });
    await service.start();
    const windows = [
      ...[0, 1, 2, 3].map((i) => window(i, 2.2 + 0.01 * (i % 2))),
      ...[4, 5, 6, 7, 8, 9].map((i) => window(i, 2.2 * Math.exp(0.15 * (i - 3)))),
    ];
    const send = (ws: ExtractedFeaturesPayload[]) =>
      h.bus.publish(
        TOPICS.extractedFeatures,
        ws.map((w) => ({ key: 'P-1', value: JSON.stringify(ExtractedFeatures.create({ source: 't', subject: 'P-1', data: w })) })),
      );
    await send(windows);
    await eventually(() => out.messages.length >= 2);
    const last = JSON.parse(out.messages[out.messages.length - 1]!.value.toString()).data;
    expect(last).toMatchObject({ assetId: 'P-1', unit: 'h', level: 0.9, modelVersion: 'log-linear-trend@1' });
    expect(last.lower).toBeLessThanOrEqual(last.rul);
    expect(last.healthIndex).toBeLessThan(1);
    expect(last).not.toHaveProperty('upperUnbounded'); // the trend model has no cap: its intervals are closed
    const count = out.messages.length;
    await send(windows.slice(-2)); // a replay of already-seen windows publishes nothing new
    await new Promise((r) => setTimeout(r, 300));
    expect(out.messages).toHaveLength(count);

    const list = await service.app.inject({ method: 'GET', url: '/api/v1/rul/P-1' });
    expect(list.json().predictions).toHaveLength(count);
    expect(list.json().predictions.map((p: { upperUnbounded: boolean }) => p.upperUnbounded)).toEqual(Array(count).fill(false));
    const models = await service.app.inject({ method: 'GET', url: '/api/v1/rul/models' });
    expect(models.json().models[0]).toMatchObject({ name: 'log-linear-trend', status: 'loaded' });
    const predict = await service.app.inject({ method: 'POST', url: '/api/v1/rul/predict', payload: { assetId: 'P-1' } });
    expect(predict.statusCode).toBe(200);
    expect(predict.json().rul).toBeGreaterThan(0);
    const unknown = await service.app.inject({ method: 'POST', url: '/api/v1/rul/predict', payload: { assetId: 'NOPE' } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('RUL_NOT_ENOUGH_HISTORY');
    // Training is a job on imported run-to-failure histories now (rul-training.test.ts): it names its source.
    const unnamed = await service.app.inject({ method: 'POST', url: '/api/v1/rul/train', payload: {} });
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().error.code).toBe('VALIDATION_FAILED');
    await service.stop();
    await out.stop();
  });
});
