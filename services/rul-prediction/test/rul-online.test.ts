import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractedFeatures, TOPICS, type ExtractedFeaturesPayload } from '@vigie/contracts';
import { simulateRunToFailure, TRAINING_FAILURES } from '@vigie/plant-simulator';
import { CHAMPION_ALIAS, FilesystemObjectStore, LocalModelRegistry, silentLogger, type Service } from '@vigie/service-kit';
import { collectTopic, createTestHarness, eventually, type TestHarness } from '@vigie/service-kit-testing';
import { extractFeatures } from '@vigie/signal';
import { AssetRows } from '../src/domain/online-rows';
import { sensorKind, simulatorUnits } from '../src/domain/simulator-units';
import { TrainingSeriesRepository } from '../src/adapters/training-series-repository';
import { ChampionPredictors } from '../src/adapters/champion-predictors';
import { ServeTrainedRul } from '../src/use-cases/serve-trained-rul';
import { createRulPredictionService } from '../src/service';

const W = 300;
const WMS = W * 1000;
const P101 = TRAINING_FAILURES.filter((f) => f.assetId === 'P-101');

/** A local model registry and object store in a fresh temporary directory (`dir`, removed by the test). */
async function localStores(prefix: string): Promise<{ dir: string; registry: LocalModelRegistry; objects: FilesystemObjectStore }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    registry: LocalModelRegistry.fromConfig({ directory: join(dir, 'models'), fsync: false }),
    objects: FilesystemObjectStore.fromConfig({ root: join(dir, 'objects') }),
  };
}

/** What feature-extraction publishes for a history: per sensor and tumbling window, the `time` features of its samples. */
function featureWindows(history: ReturnType<typeof simulateRunToFailure>[number]): ExtractedFeaturesPayload[] {
  const groups = new Map<string, { sensorId: string; start: number; values: number[]; ts: number[] }>();
  history.ts.forEach((ts, i) => {
    const v = history.value[i];
    if (v === null || v === undefined) return;
    const sensorId = history.sensorId[i]!;
    const start = Math.floor(ts / WMS) * WMS;
    const key = `${sensorId}@${start}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { sensorId, start, values: [], ts: [] }));
    g.values.push(v);
    g.ts.push(ts);
  });
  return [...groups.values()]
    .filter((g) => g.values.length >= 2)
    .sort((a, b) => a.start - b.start)
    .map((g) => ({
      assetId: history.assetId,
      sensorId: g.sensorId,
      unit: 'u',
      windowStart: g.start,
      windowEnd: g.start + WMS,
      sampleCount: g.values.length,
      firstSampleTs: g.ts[0]!,
      lastSampleTs: g.ts[g.ts.length - 1]!,
      features: Object.fromEntries(
        Object.entries(extractFeatures(Float64Array.from(g.values), { fs: 1 / 12 })).filter(([, v]) => Number.isFinite(v)),
      ),
    }));
}

describe('AssetRows', () => {
  const spec = { columns: ['a.rms', 'b.rms'], windowMs: 1000, length: 3 };
  it('completes a row when every column has arrived and predicts from `length` consecutive rows', () => {
    const rows = new AssetRows(spec);
    const add = (kind: string, end: number, rms: number) => rows.add(kind, end - 1000, end, { rms, std: 0 });
    expect(add('a', 1000, 1)).toBeNull();
    expect(add('b', 1000, 10)).toBeNull(); // complete, 1 row of 3
    expect(add('a', 2000, 2)).toBeNull();
    expect(add('b', 2000, 20)).toBeNull();
    expect(rows.add('a', 2500, 3000, { rms: 9 })).toBeNull(); // another window length: ignored
    expect(add('a', 3000, 3)).toBeNull();
    expect(add('b', 3000, 30)).toEqual({
      end: 3000,
      rows: [
        [1, 10],
        [2, 20],
        [3, 30],
      ],
    });
    expect(add('b', 3000, 31)).toBeNull(); // replay of a completed row
    // A gap: window 4000 never completes, 5000 does, but 3000 → 5000 is not consecutive.
    add('a', 4000, 4);
    add('a', 5000, 5);
    expect(add('b', 5000, 50)).toBeNull();
    add('a', 6000, 6);
    add('b', 6000, 60);
    add('a', 7000, 7);
    expect(add('b', 7000, 70)).toEqual({
      end: 7000,
      rows: [
        [5, 50],
        [6, 60],
        [7, 70],
      ],
    });
  });
});

describe('simulator training data', () => {
  it('cuts each run into aligned windows before its failure, rows as feature-extraction computes them', () => {
    const [h] = simulateRunToFailure({ seed: 5, runs: 3, failures: P101 });
    const { units, columns } = simulatorUnits([h!], W);
    expect(units).toHaveLength(3);
    expect(columns).toContain('vibration.rms');
    expect(columns).toContain('temperature.std');
    for (const [r, u] of units.entries()) {
      // Every window lies inside the run, before its failure; a row's cycle is its window's end, in windows.
      const n = u.cycles.length;
      expect(u.cycles[n - 1]! * WMS).toBeLessThanOrEqual(h!.failureTimes[r]!);
      expect((u.cycles[0]! - 1) * WMS).toBeGreaterThanOrEqual(r === 0 ? h!.ts[0]! : h!.failureTimes[r - 1]!);
      // The last row's target (rulAtEnd) is the exact time from its window's end to the ground-truth failure instant,
      // less than a window, so each row's target is the time from its window's end to the failure.
      const i = h!.run.findLastIndex((run, j) => run === r && h!.ts[j]! < h!.failureTimes[r]!);
      const failure = h!.ts[i]! + h!.rulMinutes[i]! * 60_000;
      expect(u.rulAtEnd).toBeGreaterThanOrEqual(0);
      expect(u.rulAtEnd).toBeLessThan(1);
      expect((u.cycles[n - 1]! + u.rulAtEnd!) * WMS).toBeCloseTo(failure, 3);
      expect(failure).toBeLessThanOrEqual(h!.failureTimes[r]!);
    }
    // Without the ground truth, the failure is the run's first sample in a failed state (at most one sample later).
    const { rulMinutes: _truth, ...bare } = h!;
    const coarse = simulatorUnits([bare], W).units;
    for (const [r, u] of coarse.entries()) {
      expect(u.cycles).toEqual(units[r]!.cycles);
      expect((u.cycles[u.cycles.length - 1]! + u.rulAtEnd!) * WMS).toBeCloseTo(h!.failureTimes[r]!, 3);
      expect(u.rulAtEnd! - units[r]!.rulAtEnd!).toBeLessThanOrEqual(12_000 / WMS + 1e-9);
    }
    // A row equals what feature-extraction publishes for the same window.
    const online = featureWindows(h!);
    const u = units[1]!;
    const k = u.cycles[5]! - 1;
    for (const [j, column] of columns.entries()) {
      const [kind, feature] = column.split('.') as [string, string];
      const w = online.find((x) => x.windowStart === k * WMS && sensorKind('P-101', x.sensorId) === kind)!;
      expect(u.sensors.data[5 * columns.length + j]).toBe(w.features[feature]);
    }
  });
});

describe('rul-prediction serving a simulator-trained champion online', () => {
  let h: TestHarness;
  let dir: string;
  let registry: LocalModelRegistry;
  let service: Service;

  beforeAll(async () => {
    h = await createTestHarness();
    const stores = await localStores('vigie-rul-online-');
    ({ dir, registry } = stores);
    const { objects } = stores;
    service = createRulPredictionService({
      ...h.deps('rul_online'),
      modelRegistry: registry,
      objectStore: objects,
      config: { ingestionUrl: null },
    });
    await service.start();
  });
  afterAll(async () => {
    await service.stop();
    await h.close();
    await rm(dir, { recursive: true, force: true });
  }, 120_000);

  const inject = async (url: string, payload: object) => service.app.inject({ method: 'POST', url, payload });
  const trainJob = async (payload: object) => {
    const res = await inject('/api/v1/rul/train', payload);
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    return eventually(async () => {
      const job = (await service.app.inject({ method: 'GET', url: `/api/v1/rul/jobs/${id}` })).json();
      return job.status === 'succeeded' || job.status === 'failed' ? job : null;
    }, 60_000);
  };

  it('refuses bad simulator requests with stable codes', async () => {
    const tooShort = await inject('/api/v1/rul/training-data', { source: 'sim', simulator: { windowSeconds: 5 } });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().error.code).toBe('VALIDATION_FAILED');
    const extra = await inject('/api/v1/rul/training-data', { source: 'sim', simulator: { windowSeconds: 300, speed: 2 } });
    expect(extra.json().error.code).toBe('VALIDATION_FAILED');
    const unknown = await inject('/api/v1/rul/training-data', { source: 'sim', simulator: { windowSeconds: 300, assets: ['X-9'] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('RUL_TRAINING_DATA_INVALID');
    const mixed = await inject('/api/v1/rul/training-data', {
      source: 'sim',
      simulator: { windowSeconds: 300, assets: ['P-101', 'M-202'] },
    });
    expect(mixed.json().error.code).toBe('RUL_TRAINING_DATA_INVALID');
  });

  it('imports, trains, predicts online in hours by the champion, and follows a new champion without restart', async () => {
    const imported = await inject('/api/v1/rul/training-data', {
      source: 'sim',
      simulator: { seed: 3, runs: 8, windowSeconds: W, assets: ['P-101'] },
    });
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({
      source: 'sim',
      units: 8,
      settings: 0,
      windowSeconds: W,
      assets: ['P-101'],
      assetTypes: [], // coverBy 'asset' by default: P-101's twins are not covered
    });
    const fast = { source: 'sim', window: 6, cap: 10_000, rounds: 80, learningRate: 0.2, maxDepth: 3, earlyStoppingRounds: 10 };
    const v1 = await trainJob(fast);
    expect(v1.status, v1.message).toBe('succeeded');
    expect(v1.models[0]).toMatchObject({ version: 1, promoted: true });
    const models = (await service.app.inject({ method: 'GET', url: '/api/v1/rul/models' })).json().models;
    const row = models.find((m: { name: string }) => m.name === 'rul-sim');
    expect(row.metrics).toMatchObject({ level: 0.9 });
    expect(row.metrics.val_coverage).toBeGreaterThan(0);

    const out = await collectTopic(h.bus, TOPICS.rulPredictions);
    const [live] = simulateRunToFailure({ seed: 99, runs: 1, failures: P101 });
    const windows = featureWindows(live!);
    const send = (ws: ExtractedFeaturesPayload[]) =>
      h.bus.publish(
        TOPICS.extractedFeatures,
        ws.map((w) => ({ key: w.assetId, value: JSON.stringify(ExtractedFeatures.create({ source: 't', subject: w.assetId, data: w })) })),
      );
    const ends = [...new Set(windows.map((w) => w.windowEnd))];
    const firstHalf = windows.filter((w) => w.windowEnd <= ends[20]!);
    await send(firstHalf);
    // Rows complete from the first window on; 6 rows per prediction: windows 6 … 21.
    await eventually(() => out.messages.length >= 15);
    const byV1 = out.messages.map((m) => JSON.parse(m.value.toString()).data);
    expect(new Set(byV1.map((p) => p.modelVersion))).toEqual(new Set(['rul-sim@1']));
    const p = byV1[byV1.length - 1];
    expect(p).toMatchObject({ assetId: 'P-101', unit: 'h', level: 0.9, asOf: ends[20] });
    expect(p.lower).toBeLessThanOrEqual(p.rul);
    expect(p.upper).toBeGreaterThanOrEqual(p.rul);

    // A second version, made champion by hand: the next windows are predicted by it, no restart.
    const v2 = await trainJob({ ...fast, seed: 1, maxDepth: 2 });
    expect(v2.status, v2.message).toBe('succeeded');
    await registry.setAlias('rul-sim', CHAMPION_ALIAS, 2);
    const before = out.messages.length;
    await send(windows.filter((w) => w.windowEnd > ends[20]! && w.windowEnd <= ends[25]!));
    await eventually(() => out.messages.length >= before + 5);
    const after = out.messages.slice(before).map((m) => JSON.parse(m.value.toString()).data);
    expect(new Set(after.map((q) => q.modelVersion))).toEqual(new Set(['rul-sim@2']));
    const stored = (await service.app.inject({ method: 'GET', url: '/api/v1/rul/P-101?limit=100' })).json().predictions;
    expect(stored).toHaveLength(out.messages.length);
  });

  it("covers every asset of the trained assets' type with coverBy 'type', only the named assets by default", async () => {
    const imported = await inject('/api/v1/rul/training-data', {
      source: 'sim-type',
      simulator: { seed: 4, runs: 6, windowSeconds: W, assets: ['P-101'], coverBy: 'type' },
    });
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({ assets: ['P-101'], assetTypes: ['centrifugal-pump'] });
    // Stored with each unit's time from its last window's end to the failure (rul_training_units).
    const series = new TrainingSeriesRepository(h.db('rul_online'));
    const expected = simulatorUnits(simulateRunToFailure({ seed: 4, runs: 6, failures: P101 }), W).units;
    const stored = await series.load('sim-type');
    expect(stored.map((u) => u.rulAtEnd)).toEqual(expected.map((u) => u.rulAtEnd));
    expect(stored.every((u) => u.rulAtEnd! >= 0 && u.rulAtEnd! < 1)).toBe(true);
    expect(stored[2]!.cycles).toEqual(expected[2]!.cycles);
    const job = await trainJob({
      source: 'sim-type',
      window: 6,
      cap: 10_000,
      rounds: 40,
      learningRate: 0.3,
      maxDepth: 2,
      earlyStoppingRounds: 10,
    });
    expect(job.status, job.message).toBe('succeeded');
    expect(job.models[0]).toMatchObject({ version: 1, promoted: true });
    // σ̂'s floor is a tenth of the median validation error (in windows), not C-MAPSS' one cycle.
    const artifact = JSON.parse(new TextDecoder().decode(await registry.downloadArtifact({ model: 'rul-sim-type', version: 1 })));
    expect(artifact.minDifficulty).toBeGreaterThan(0);
    expect(artifact.minDifficulty).toBeLessThan(0.5);
    // Ingestion's asset list, as the service's AssetCatalog would hold it: two pumps and a motor.
    const types: Record<string, string> = { 'P-101': 'centrifugal-pump', 'P-102': 'centrifugal-pump', 'M-202': 'motor' };
    const serving = new ServeTrainedRul(new ChampionPredictors(registry), series, { typeOf: (id) => types[id] }, silentLogger());
    await serving.refresh();
    // P-101 by id: `sim` (coverBy 'asset', the default) comes first; its twin P-102 only through `sim-type`'s type.
    expect(serving.covering('P-101')?.modelVersion).toBe('rul-sim@2');
    expect(serving.covering('P-102')?.modelVersion).toBe('rul-sim-type@1');
    expect(serving.covering('M-202')).toBeUndefined();
    expect(serving.covering('X-1')).toBeUndefined();
  });
});

describe('a simulator-trained champion with a capped target, online', () => {
  it('publishes and stores upperUnbounded: true where the interval reaches the cap, false below it', { timeout: 120_000 }, async () => {
    const h = await createTestHarness();
    const { dir, registry, objects } = await localStores('vigie-rul-capped-');
    const service = createRulPredictionService({
      ...h.deps('rul_capped'),
      modelRegistry: registry,
      objectStore: objects,
      config: { ingestionUrl: null },
    });
    await service.start();
    const out = await collectTopic(h.bus, TOPICS.rulPredictions);
    try {
      const post = (url: string, payload: object) => service.app.inject({ method: 'POST', url, payload });
      expect(
        (
          await post('/api/v1/rul/training-data', {
            source: 'capped',
            simulator: { seed: 3, runs: 8, windowSeconds: W, assets: ['P-101'] },
          })
        ).statusCode,
      ).toBe(201);
      // Runs last 45–55 windows: a cap of 12 windows (1 h) is reached far from the failure, not near it.
      const cap = 12;
      const capHours = (cap * W) / 3600;
      const train = await post('/api/v1/rul/train', {
        source: 'capped',
        window: 6,
        cap,
        rounds: 80,
        learningRate: 0.2,
        maxDepth: 3,
        earlyStoppingRounds: 10,
      });
      const job = await eventually(async () => {
        const j = (await service.app.inject({ method: 'GET', url: `/api/v1/rul/jobs/${train.json().id}` })).json();
        return j.status === 'succeeded' || j.status === 'failed' ? j : null;
      }, 60_000);
      expect(job.status, job.message).toBe('succeeded');

      const windows = featureWindows(simulateRunToFailure({ seed: 99, runs: 1, failures: P101 })[0]!);
      await h.bus.publish(
        TOPICS.extractedFeatures,
        windows.map((w) => ({
          key: w.assetId,
          value: JSON.stringify(ExtractedFeatures.create({ source: 't', subject: w.assetId, data: w })),
        })),
      );
      // Every window read (the consumer group has committed the topic's end), every prediction collected.
      const drained = async () => {
        const done = await h.bus.committedOffsets('rul-prediction', TOPICS.extractedFeatures);
        return [...(await h.bus.endOffsets(TOPICS.extractedFeatures))].every(([p, end]) => end === '0' || done.get(p) === end);
      };
      await eventually(drained, 30_000);
      const rows = (await service.app.inject({ method: 'GET', url: '/api/v1/rul/P-101?limit=1000' })).json().predictions as {
        predictionId: string;
        upperUnbounded: boolean;
      }[];
      await eventually(() => out.messages.length === rows.length);
      const events = out.messages.map(
        (m) => JSON.parse(m.value.toString()).data as { predictionId: string; upper: number; upperUnbounded?: boolean },
      );
      // Every trained prediction says whether its interval is open above; open exactly where `upper` is the cap.
      for (const p of events) expect(p.upperUnbounded, JSON.stringify(p)).toBe(p.upper >= capHours);
      expect(events[0]!.upperUnbounded).toBe(true); // ~40 windows from the failure: the model only knows "≥ lower"
      expect(events[events.length - 1]!.upperUnbounded).toBe(false); // next to the failure: a closed interval
      // Stored and served as published.
      const flags = new Map(events.map((p) => [p.predictionId, p.upperUnbounded]));
      for (const p of rows) expect(p.upperUnbounded).toBe(flags.get(p.predictionId));
    } finally {
      await out.stop();
      await service.stop();
      await h.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('demo bootstrap of a simulator-trained model', () => {
  it('imports and trains once on a start without champion, nothing on later starts', { timeout: 120_000 }, async () => {
    const h = await createTestHarness();
    const { dir, registry, objects } = await localStores('vigie-rul-boot-');
    const build = () =>
      createRulPredictionService({
        ...h.deps('rul_boot'),
        modelRegistry: registry,
        objectStore: objects,
        config: {
          ingestionUrl: null,
          bootstrap: { source: 'demo-sim', seed: 7, runs: 6, windowSeconds: W, assets: ['P-101'], coverBy: 'asset', window: 6 },
        },
      });
    const jobs = async (s: Service) =>
      (await s.app.inject({ method: 'GET', url: '/api/v1/rul/jobs' })).json().jobs as { status: string; source: string }[];
    try {
      const first = build();
      await first.start();
      const done = await eventually(async () => {
        const list = await jobs(first);
        return list.length > 0 && list.every((j) => j.status === 'succeeded') ? list : null;
      }, 60_000);
      expect(done.map((j) => j.source)).toEqual(['demo-sim']);
      expect((await registry.getVersionByAlias('rul-demo-sim', CHAMPION_ALIAS)).version).toBe(1);
      const models = (await first.app.inject({ method: 'GET', url: '/api/v1/rul/models' })).json().models;
      // Covered by asset id only: the demo's healthy pumps are not given P-101's failure history.
      expect(models.find((m: { name: string }) => m.name === 'rul-demo-sim').params.rows).toMatchObject({
        assets: ['P-101'],
        assetTypes: [],
      });
      await first.stop();

      const second = build();
      await second.start();
      await new Promise((r) => setTimeout(r, 500));
      expect(await jobs(second)).toHaveLength(1);
      await second.stop();
    } finally {
      await h.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
