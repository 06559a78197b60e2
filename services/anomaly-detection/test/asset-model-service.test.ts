import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAMPION_ALIAS, type Service } from '@vigie/service-kit';
import { createTestHarness, eventually, type TestHarness } from '@vigie/service-kit-testing';
import { createFeatureExtractionService, FeaturesRepository } from '@vigie/feature-extraction';
import { createAnomalyDetectionService } from '../src/service';
import { publish, tempRegistry } from './support';
import { pumpVectors, stepping, windowsOf } from './pump';

const ASSET = 'P-7';
const TRAIN = 160;

type Anomaly = {
  anomalyId: string;
  sensorId: string;
  windowStart: number;
  modelVersion: string;
  criticality: string;
  contributors: { sensorId: string; feature: string }[];
};

describe('anomaly-detection with a trained asset model', () => {
  let h: TestHarness;
  let models: Awaited<ReturnType<typeof tempRegistry>>;
  let features: Service;
  let featuresUrl: string;
  beforeAll(async () => {
    h = await createTestHarness();
    models = await tempRegistry();
    // The real feature-extraction service over HTTP, its table holding the pump's healthy windows across speed steps.
    features = createFeatureExtractionService({ ...h.deps('am_features') });
    featuresUrl = await features.listen(0, '127.0.0.1');
    const stored = windowsOf(
      ASSET,
      pumpVectors(TRAIN, 11, stepping, () => 1, ASSET),
    );
    await new FeaturesRepository(h.db('am_features')).store(stored);
  });
  afterAll(async () => {
    await features.stop();
    await h.close();
    await models.remove();
  });

  const anomalies = async (s: Service): Promise<Anomaly[]> =>
    (await s.app.inject({ method: 'GET', url: `/api/v1/anomalies/${ASSET}?limit=1000` })).json().anomalies;

  it('trains it in a job, scores the joined sensors online: quiet across speed steps, names the sensor off its operating point', async () => {
    const deps = { ...h.deps('am_detect'), modelRegistry: models.registry, config: { featuresUrl, persistWindows: 2 } };
    const service = createAnomalyDetectionService(deps);
    await service.start();
    const res = await service.app.inject({ method: 'POST', url: '/api/v1/anomalies/train', payload: { assetId: ASSET, windows: 1000 } });
    expect(res.statusCode).toBe(202);
    const job = await eventually(async () => {
      const j = (await service.app.inject({ method: 'GET', url: `/api/v1/anomalies/jobs/${res.json().id}` })).json();
      return j.status === 'succeeded' || j.status === 'failed' ? j : null;
    });
    expect(job).toMatchObject({
      status: 'succeeded',
      models: [{ version: 1, promoted: true, sensors: 5, assetWindows: TRAIN - TRAIN / 5 }],
    });
    const v1 = await models.registry.getVersionByAlias(`anomaly-${ASSET}`, CHAMPION_ALIAS);
    const run = await models.registry.getRun(v1.runId);
    expect(run.params.method).toBe('mset+pca-ensemble/pot + robust-median-mad');
    const artifact = JSON.parse(new TextDecoder().decode(await models.registry.downloadArtifact(v1)));
    expect(artifact).toMatchObject({ format: 'vigie.anomaly-model/2', asset: { format: 'vigie.asset-ensemble/1' } });
    const rows = await h.db('am_detect').query("SELECT kind, status FROM anomaly_models WHERE asset_id = $1 AND sensor_id = '*'", [ASSET]);
    expect(rows.rows).toEqual([{ kind: 'asset-ensemble', status: 'active' }]);

    // Online: 36 healthy windows at changing speeds, then the 1× vibration reads at speed 0.9 what it reads at 1.05.
    const healthy = windowsOf(
      ASSET,
      pumpVectors(
        36,
        12,
        (i) => [1, 0.9, 1.05][Math.floor(i / 6) % 3]!,
        () => 1,
        ASSET,
      ),
      1000,
    );
    await publish(h, healthy);
    const faultFrom = 1036;
    const fault = windowsOf(
      ASSET,
      pumpVectors(
        6,
        13,
        () => 0.9,
        () => 1.05 ** 3 / 0.9 ** 3,
        ASSET,
      ),
      faultFrom,
    );
    await publish(h, fault);
    const found = await eventually(async () => {
      const a = await anomalies(service);
      return a.length >= 5 ? a : null;
    });
    const faultStart = faultFrom * 300_000;
    expect(found.every((a) => a.windowStart >= faultStart)).toBe(true);
    expect(found[0]).toMatchObject({ sensorId: `${ASSET}.amplitude_1x`, modelVersion: `anomaly-${ASSET}/1` });
    expect(found[0]!.anomalyId).toBe(`an:${ASSET}:${found[0]!.windowStart}`);
    expect(found[0]!.contributors[0]).toMatchObject({ sensorId: `${ASSET}.amplitude_1x`, feature: 'mean' });
    // The sensors of the asset model get no automatic per-sensor baseline of their own.
    const auto = await h.db('am_detect').query("SELECT 1 FROM anomaly_models WHERE asset_id = $1 AND source = 'auto'", [ASSET]);
    expect(auto.rowCount).toBe(0);
    await service.stop();

    // A new process serves the asset model it finds active, without the registry being read first.
    const next = createAnomalyDetectionService({ ...deps, config: { ...deps.config, championPollMs: 3_600_000 } });
    await next.start();
    const before = (await anomalies(next)).length;
    await publish(
      h,
      windowsOf(
        ASSET,
        pumpVectors(
          4,
          14,
          () => 0.9,
          () => 1.05 ** 3 / 0.9 ** 3,
          ASSET,
        ),
        1100,
      ),
    );
    const after = await eventually(async () => {
      const a = await anomalies(next);
      return a.length >= before + 3 ? a : null;
    });
    expect(
      after
        .filter((a) => a.windowStart >= 1100 * 300_000)
        .every((a) => a.modelVersion === `anomaly-${ASSET}/1` && a.anomalyId.startsWith(`an:${ASSET}:`)),
    ).toBe(true);
    await next.stop();
  });
});
