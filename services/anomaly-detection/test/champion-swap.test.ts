import { describe, expect, it } from 'vitest';
import { CHAMPION_ALIAS, type Service } from '@vigie/service-kit';
import { eventually } from '@vigie/service-kit-testing';
import { createAnomalyDetectionService } from '../src/service';
import { registryRows, trainingFixture, window } from './support';

type Stats = Record<string, { median: number; mad: number }>;
const POLL_MS = 100;

/** A window of J-1's vibration sensor whose features are `scale` times the baseline's medians. */
const windowAt = (stats: Stats, scale: number) => {
  const w = window(100, 1, 'J-1.vibration', 'J-1');
  return { ...w, features: Object.fromEntries(Object.entries(stats).map(([f, s]) => [f, s.median * scale])) };
};
const detect = async (s: Service, payload: object) => {
  const res = await s.app.inject({ method: 'POST', url: '/api/v1/anomalies/detect', payload });
  expect(res.statusCode).toBe(200);
  return res.json() as { anomalous: boolean; anomaly: { modelVersion: string } | null };
};

describe('anomaly champion hot swap', () => {
  const fx = trainingFixture('swap_features', ['J-1'], 12);

  it('detects with the trained champion, then with a version promoted in the registry directly, without a restart', async () => {
    const deps = {
      ...fx.h.deps('swap_anomaly'),
      modelRegistry: fx.models.registry,
      config: { featuresUrl: fx.features.url, championPollMs: POLL_MS },
    };
    const service = createAnomalyDetectionService(deps);
    await service.start();
    const job = (
      await service.app.inject({ method: 'POST', url: '/api/v1/anomalies/train', payload: { assetId: 'J-1', windows: 10 } })
    ).json();
    await eventually(
      async () => (await service.app.inject({ method: 'GET', url: `/api/v1/anomalies/jobs/${job.id}` })).json().status === 'succeeded',
    );
    const v1 = await fx.models.registry.getVersionByAlias('anomaly-J-1', CHAMPION_ALIAS);
    const stats = JSON.parse(new TextDecoder().decode(await fx.models.registry.downloadArtifact(v1))).sensors[0].stats as Stats;

    expect((await detect(service, windowAt(stats, 1))).anomalous).toBe(false);
    const high = await detect(service, windowAt(stats, 4));
    expect(high.anomalous).toBe(true);
    expect(high.anomaly?.modelVersion).toBe('anomaly-J-1/1');

    // An operator registers a baseline fitted on a 4× level and moves `champion` to it by hand.
    const shifted = Object.fromEntries(Object.entries(stats).map(([f, s]) => [f, { median: s.median * 4, mad: s.mad }]));
    const run = await fx.models.registry.startRun('anomaly-detection', { params: { method: 'manual' } });
    await run.logMetrics({ val_false_alarm_rate: 0 });
    const artifact = {
      format: 'vigie.robust-baseline/1',
      assetId: 'J-1',
      sensors: [{ sensorId: 'J-1.vibration', windows: 8, stats: shifted }],
    };
    await run.logArtifact('model/baselines.json', new TextEncoder().encode(JSON.stringify(artifact)));
    await run.end();
    const v2 = await fx.models.registry.registerVersion('anomaly-J-1', run.id, 'model/baselines.json');
    const movedAt = Date.now();
    await fx.models.registry.setAlias('anomaly-J-1', CHAMPION_ALIAS, v2.version);

    await eventually(async () => !(await detect(service, windowAt(stats, 4))).anomalous, 5_000, 10);
    const swapMs = Date.now() - movedAt;
    expect(swapMs).toBeLessThan(POLL_MS * 5);
    const low = await detect(service, windowAt(stats, 1));
    expect(low.anomalous).toBe(true);
    expect(low.anomaly?.modelVersion).toBe('anomaly-J-1/2');
    const rows = await registryRows(fx.h, 'swap_anomaly', 'J-1');
    expect(rows).toEqual([
      { registry_version: 1, status: 'superseded' },
      { registry_version: 2, status: 'active' },
    ]);
    await service.stop();

    // A new instance serves the champion it finds.
    const again = createAnomalyDetectionService(deps);
    await again.start();
    expect((await detect(again, windowAt(stats, 1))).anomaly?.modelVersion).toBe('anomaly-J-1/2');
    await again.stop();
  });
});
