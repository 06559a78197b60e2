import { describe, expect, it } from 'vitest';
import { CHAMPION_ALIAS, type Service } from '@vigie/service-kit';
import { eventually } from '@vigie/service-kit-testing';
import { createAnomalyDetectionService } from '../src/service';
import type { FeatureSource } from '../src/use-cases/train-baselines';
import { gatedSource, httpFeatureSource, publish, registryRows, tempRegistry, trainingFixture, window } from './support';

type Job = {
  id: string;
  status: string;
  progress: number;
  message: string | null;
  models: { assetId: string; version: number; promoted: boolean; valFalseAlarmRate: number }[];
};

const getJob = async (s: Service, id: string): Promise<Job> =>
  (await s.app.inject({ method: 'GET', url: `/api/v1/anomalies/jobs/${id}` })).json();
const train = async (s: Service, assetId: string): Promise<Job> => {
  const res = await s.app.inject({ method: 'POST', url: '/api/v1/anomalies/train', payload: { assetId, windows: 10 } });
  expect(res.statusCode).toBe(202);
  return res.json();
};
const until = (s: Service, id: string, status: string) =>
  eventually(async () => ((await getJob(s, id)).status === status ? getJob(s, id) : null));

describe('anomaly training jobs', () => {
  const fx = trainingFixture('jobs_features', ['J-1', 'J-2'], 12);

  it('logs a run, registers a version, promotes it only when it beats the champion, and records anomaly_models', async () => {
    const service = createAnomalyDetectionService({
      ...fx.h.deps('jobs_registry'),
      modelRegistry: fx.models.registry,
      config: { featuresUrl: fx.features.url },
    });
    await service.start();
    const first = await until(service, (await train(service, 'J-1')).id, 'succeeded');
    expect(first.models[0]).toMatchObject({ version: 1, promoted: true });
    const v1 = await fx.models.registry.getVersionByAlias('anomaly-J-1', CHAMPION_ALIAS);
    expect(v1.version).toBe(1);
    expect(v1.metrics.val_false_alarm_rate).toBe(first.models[0]!.valFalseAlarmRate);
    const run = await fx.models.registry.getRun(v1.runId);
    expect(run).toMatchObject({ status: 'FINISHED', params: { method: 'robust-median-mad', windows: '10', sensors: '1', assetId: 'J-1' } });
    const artifact = JSON.parse(new TextDecoder().decode(await fx.models.registry.downloadArtifact(v1)));
    expect(artifact.sensors[0]).toMatchObject({ sensorId: 'J-1.vibration', windows: 8 });

    // Same data, same false-alarm rate: a tie keeps the champion; the fit is kept as a candidate row.
    const second = await until(service, (await train(service, 'J-1')).id, 'succeeded');
    expect(second.models[0]).toMatchObject({ version: 2, promoted: false });
    expect((await fx.models.registry.getVersionByAlias('anomaly-J-1', CHAMPION_ALIAS)).version).toBe(1);
    const rows = await registryRows(fx.h, 'jobs_registry', 'J-1');
    expect(rows).toEqual([
      { registry_version: 1, status: 'active' },
      { registry_version: 2, status: 'candidate' },
    ]);
    // The consumer may have fitted an automatic baseline from the same windows: the champion superseded it.
    const active = await fx.h.db('jobs_registry').query("SELECT 1 FROM anomaly_models WHERE asset_id = 'J-1' AND status = 'active'");
    expect(active.rowCount).toBe(1);

    const page1 = (await service.app.inject({ method: 'GET', url: '/api/v1/anomalies/jobs?limit=1' })).json();
    expect(page1.jobs.map((j: Job) => j.id)).toEqual([second.id]);
    const page2 = (await service.app.inject({ method: 'GET', url: `/api/v1/anomalies/jobs?limit=1&cursor=${page1.nextCursor}` })).json();
    expect(page2.jobs.map((j: Job) => j.id)).toEqual([first.id]);
    expect(page2.nextCursor).toBeUndefined();
    const missing = await service.app.inject({ method: 'GET', url: '/api/v1/anomalies/jobs/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    await service.stop();
  });

  it('promotes a trained version over a champion with more false alarms', async () => {
    const own = await tempRegistry();
    const run = await own.registry.startRun('anomaly-detection');
    await run.logMetrics({ val_false_alarm_rate: 0.5 });
    const artifact = {
      format: 'vigie.robust-baseline/1',
      assetId: 'J-2',
      sensors: [{ sensorId: 'J-2.vibration', windows: 3, stats: { rms: { median: 1, mad: 0.1 } } }],
    };
    await run.logArtifact('model/baselines.json', new TextEncoder().encode(JSON.stringify(artifact)));
    await run.end();
    await own.registry.setAlias(
      'anomaly-J-2',
      CHAMPION_ALIAS,
      (await own.registry.registerVersion('anomaly-J-2', run.id, 'model/baselines.json')).version,
    );
    const service = createAnomalyDetectionService({
      ...fx.h.deps('jobs_better'),
      modelRegistry: own.registry,
      config: { featuresUrl: fx.features.url },
    });
    await service.start();
    const job = await until(service, (await train(service, 'J-2')).id, 'succeeded');
    expect(job.models[0]).toMatchObject({ version: 2, promoted: true, valFalseAlarmRate: 0 });
    expect((await own.registry.getVersionByAlias('anomaly-J-2', CHAMPION_ALIAS)).version).toBe(2);
    await service.stop();
    await own.remove();
  });

  it('trains every known asset when no asset is given, and reports progress after each', async () => {
    const real = httpFeatureSource(fx.features.url);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const calls: string[] = [];
    // The second asset's read waits: the job's progress must already show the first asset done.
    const source: FeatureSource = async (assetId, windows, signal) => {
      calls.push(assetId);
      if (calls.length === 2) await held;
      return real(assetId, windows, signal);
    };
    const own = await tempRegistry();
    const service = createAnomalyDetectionService({ ...fx.h.deps('jobs_progress'), modelRegistry: own.registry, featureSource: source });
    await service.start();
    // The consumer sees both assets' windows (and fits automatic baselines from their first six).
    await publish(
      fx.h,
      ['J-1', 'J-2'].flatMap((a) => [0, 1, 2, 3, 4, 5].map((i) => window(1000 + i, 2.2, `${a}.vibration`, a))),
    );
    await eventually(async () => (await fx.h.db('jobs_progress').query('SELECT DISTINCT asset_id FROM anomaly_models')).rowCount === 2);
    const res = await service.app.inject({ method: 'POST', url: '/api/v1/anomalies/train', payload: { windows: 10 } });
    expect(res.json()).toMatchObject({ assetId: null, status: 'queued' });
    const half = await eventually(async () => {
      const job = await getJob(service, res.json().id);
      return job.models.length === 1 ? job : null;
    });
    expect(half).toMatchObject({ status: 'running', progress: 0.5 });
    release();
    const done = await until(service, res.json().id, 'succeeded');
    expect(done.progress).toBe(1);
    expect(done.models.map((m) => m.assetId).sort()).toEqual(['J-1', 'J-2']);
    await service.stop();
    await own.remove();
  });

  it('runs one job at a time and cancels queued and running jobs; an ended job cannot be cancelled', async () => {
    const slow = gatedSource(httpFeatureSource(fx.features.url));
    const service = createAnomalyDetectionService({
      ...fx.h.deps('jobs_cancel'),
      modelRegistry: fx.models.registry,
      featureSource: slow.source,
    });
    await service.start();
    const running = await train(service, 'J-2');
    const queued = await train(service, 'J-2');
    await slow.entered;
    expect((await getJob(service, running.id)).status).toBe('running');
    expect((await getJob(service, queued.id)).status).toBe('queued');
    const cancelQueued = await service.app.inject({ method: 'POST', url: `/api/v1/anomalies/jobs/${queued.id}/cancel` });
    expect(cancelQueued.json()).toMatchObject({ status: 'cancelled' });
    const cancelRunning = await service.app.inject({ method: 'POST', url: `/api/v1/anomalies/jobs/${running.id}/cancel` });
    expect(cancelRunning.json()).toMatchObject({ status: 'cancelled' });
    slow.open();
    const again = await service.app.inject({ method: 'POST', url: `/api/v1/anomalies/jobs/${running.id}/cancel` });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');
    // The queue goes on after a cancellation.
    const next = await until(service, (await train(service, 'J-2')).id, 'succeeded');
    expect((await getJob(service, running.id)).status).toBe('cancelled');
    expect(next.models[0]!.version).toBe(1);
    await service.stop();
  });

  it('a job interrupted by a killed process reads failed after a restart, and a late write of the old process changes nothing', async () => {
    const slow = gatedSource(httpFeatureSource(fx.features.url));
    const registry = await tempRegistry();
    const killed = createAnomalyDetectionService({
      ...fx.h.deps('jobs_restart'),
      modelRegistry: registry.registry,
      featureSource: slow.source,
    });
    await killed.start();
    const job = await train(killed, 'J-1');
    const queuedBehind = await train(killed, 'J-1');
    await slow.entered;
    expect((await getJob(killed, job.id)).status).toBe('running');

    // The first process is never stopped (as after a SIGKILL); a new one starts on the same database.
    const restarted = createAnomalyDetectionService({
      ...fx.h.deps('jobs_restart'),
      modelRegistry: registry.registry,
      config: { featuresUrl: fx.features.url },
    });
    await restarted.start();
    expect(await getJob(restarted, job.id)).toMatchObject({ status: 'failed', message: 'interrupted by a restart' });
    expect(await getJob(restarted, queuedBehind.id)).toMatchObject({ status: 'failed', message: 'interrupted by a restart' });

    // The old process resumes its computation: its guarded writes find the job failed and leave it so.
    slow.open();
    await new Promise((r) => setTimeout(r, 300));
    expect((await getJob(restarted, job.id)).status).toBe('failed');
    await expect(registry.registry.listVersions('anomaly-J-1')).rejects.toMatchObject({ code: 'REGISTRY_NOT_FOUND' });
    await killed.stop();
    await restarted.stop();
    await registry.remove();
  });

  it('a graceful stop fails the running job "interrupted by a shutdown"; the next instance leaves it failed', async () => {
    const slow = gatedSource(httpFeatureSource(fx.features.url));
    const service = createAnomalyDetectionService({
      ...fx.h.deps('jobs_shutdown'),
      modelRegistry: fx.models.registry,
      featureSource: slow.source,
    });
    await service.start();
    const job = await train(service, 'J-2');
    await slow.entered;
    await service.stop();
    const next = createAnomalyDetectionService({
      ...fx.h.deps('jobs_shutdown'),
      modelRegistry: fx.models.registry,
      config: { featuresUrl: fx.features.url },
    });
    await next.start();
    expect(await getJob(next, job.id)).toMatchObject({ status: 'failed', message: 'interrupted by a shutdown' });
    const none = await next.app.inject({ method: 'POST', url: '/api/v1/anomalies/train', payload: { windows: 10 } });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.code).toBe('TRAINING_DATA_MISSING');
    await next.stop();
  });
});
