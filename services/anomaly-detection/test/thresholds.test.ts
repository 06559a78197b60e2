import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '@vigie/service-kit';
import { createTestHarness, eventually, type TestHarness } from '@vigie/service-kit-testing';
import { AnomalyRepository } from '../src/adapters/anomaly-repository';
import { AssetModel } from '../src/domain/asset-model';
import { createAnomalyDetectionService } from '../src/service';
import { pumpVectors, stepping } from './pump';
import { publish, tempRegistry, window } from './support';

type Thresholds = { low: number; medium: number; high: number; critical: number };
type Body = {
  assetId: string;
  assetModel: { modelVersion: string; sensors: string[]; thresholds: Thresholds } | null;
  sensorBaselines: { thresholds: Thresholds; sensors: { sensorId: string; modelVersion: string }[] };
};

describe('GET /api/v1/anomalies/{asset_id}/thresholds', () => {
  let h: TestHarness;
  let models: Awaited<ReturnType<typeof tempRegistry>>;
  let service: Service;
  const model = AssetModel.fit(pumpVectors(120, 1, stepping, () => 1, 'T-2'));
  const get = (assetId: string) => service.app.inject({ method: 'GET', url: `/api/v1/anomalies/${assetId}/thresholds` });

  beforeAll(async () => {
    h = await createTestHarness();
    models = await tempRegistry();
    // T-2 has an asset model in service before the service starts (restored from anomaly_models).
    const deps = { ...h.deps('thresholds'), modelRegistry: models.registry, config: { baselineWindows: 4 } };
    const boot = createAnomalyDetectionService(deps);
    await boot.start();
    await new AnomalyRepository(h.db('thresholds')).activate(
      { baselines: [], asset: { assetId: 'T-2', version: 'anomaly-T-2/7', model } },
      'train',
      7,
    );
    await boot.stop();
    service = createAnomalyDetectionService(deps);
    await service.start();
    // T-1's two sensors fit their automatic baselines from their first 4 windows.
    await publish(
      h,
      ['T-1.a', 'T-1.b'].flatMap((s) => [0, 1, 2, 3].map((i) => window(i, 2 + 0.02 * i, s, 'T-1'))),
    );
    await eventually(async () => (await get('T-1')).json().sensorBaselines.sensors.length === 2);
  });
  afterAll(async () => {
    await service.stop();
    await h.close();
    await models.remove();
  });

  it("gives the fixed levels of the sensor baselines and each sensor's baseline version", async () => {
    const res = await get('T-1');
    expect(res.statusCode).toBe(200);
    const body: Body = res.json();
    expect(body).toEqual({
      assetId: 'T-1',
      assetModel: null,
      sensorBaselines: {
        thresholds: { low: 0.6, medium: 0.7, high: 0.8, critical: 0.9 },
        sensors: [
          { sensorId: 'T-1.a', modelVersion: 'auto-4000' },
          { sensorId: 'T-1.b', modelVersion: 'auto-4000' },
        ],
      },
    });
  });

  it("gives the asset model's POT thresholds on the score scale (odds → s), increasing, with its version and sensors", async () => {
    const body: Body = (await get('T-2')).json();
    expect(body.assetModel).not.toBeNull();
    const { thresholds, modelVersion, sensors } = body.assetModel!;
    expect(modelVersion).toBe('anomaly-T-2/7');
    expect(sensors).toEqual([...model.sensors()].sort());
    const odds = model.thresholds;
    expect(thresholds.low).toBeCloseTo(odds[0]! / (1 + odds[0]!), 12);
    expect(thresholds.critical).toBeCloseTo(odds[3]! / (1 + odds[3]!), 12);
    expect(0 < thresholds.low && thresholds.low < thresholds.medium && thresholds.medium < thresholds.high).toBe(true);
    expect(thresholds.high < thresholds.critical && thresholds.critical < 1).toBe(true);
  });

  it('answers an asset it has never seen with no model, and 400 VALIDATION_FAILED for a malformed id', async () => {
    const unknown: Body = (await get('NOPE-9')).json();
    expect(unknown).toMatchObject({ assetId: 'NOPE-9', assetModel: null, sensorBaselines: { sensors: [] } });
    const bad = await get('bad%20id');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await service.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/api/v1/anomalies/{asset_id}/thresholds'].get.responses['200']).toBeDefined();
  });
});
