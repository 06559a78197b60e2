import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { followAlias, promoteIfBetter, type ModelRegistry, type ModelVersion, type TrainingRun } from '@vigie/service-kit';
import { eventually } from './harness';

const NOT_FOUND = { code: 'REGISTRY_NOT_FOUND' };
const BAD_INPUT = { code: 'REGISTRY_BAD_INPUT' };
const CONFLICT = { code: 'REGISTRY_CONFLICT' };
const LOWER_RMSE = { metric: 'val_rmse', greaterIsBetter: false } as const;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The behaviour every ModelRegistry adapter must show. Experiment and model names carry a random suffix, so runs
 * against a long-lived server never collide with earlier ones. `factory` returns a ready registry.
 */
export function describeModelRegistryContract(name: string, factory: () => ModelRegistry | Promise<ModelRegistry>): void {
  describe(`ModelRegistry contract: ${name}`, () => {
    const suffix = randomBytes(4).toString('hex');
    const experiment = `contract-${suffix}`;
    const modelName = (label: string): string => `${label}-${suffix}`;
    let registry: ModelRegistry;

    beforeAll(async () => {
      registry = await factory();
    });

    /** A finished run that logged `val_rmse` (when given) and a small artifact, registered as the next version. */
    const trainAndRegister = async (
      model: string,
      valRmse: number | undefined,
      tags: Record<string, string> = {},
    ): Promise<ModelVersion> => {
      const run = await registry.startRun(experiment, { params: { seed: 42 } });
      if (valRmse !== undefined) await run.logMetrics({ val_rmse: valRmse });
      await run.logArtifact('model/model.json', new TextEncoder().encode(JSON.stringify({ valRmse })));
      await run.end();
      return registry.registerVersion(model, run.id, 'model/model.json', tags);
    };

    it('runs a training run: params, tags, latest metrics, status and times read back', async () => {
      const before = Date.now();
      const run = await registry.startRun(experiment, {
        params: { lr: 0.001, epochs: 20, bidirectional: true, arch: 'lstm' },
        tags: { asset_type: 'pump', 'data/window': '300s' },
      });
      expect(run.id).toMatch(/^[0-9a-f]{32}$/);
      expect(run.experiment).toBe(experiment);
      await run.logMetrics({ train_loss: 5, val_rmse: 40.5 }, 0);
      await run.logMetrics({ train_loss: 2 }, 2);
      // Logged last but at an earlier step: the latest value is the highest step's, not the last call's.
      await run.logMetrics({ train_loss: 3, 'val/mae': 12.25 }, 1);
      const running = await registry.getRun(run.id);
      expect(running).toMatchObject({ id: run.id, experiment, status: 'RUNNING' });
      expect(running.params).toStrictEqual({ lr: '0.001', epochs: '20', bidirectional: 'true', arch: 'lstm' });
      expect(running.tags).toStrictEqual({ asset_type: 'pump', 'data/window': '300s' });
      expect(running.metrics).toStrictEqual({ train_loss: 2, val_rmse: 40.5, 'val/mae': 12.25 });
      expect(running.startedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(running.endedAt).toBeUndefined();

      await run.end();
      const finished = await registry.getRun(run.id);
      expect(finished.status).toBe('FINISHED');
      expect(finished.endedAt).toBeGreaterThanOrEqual(finished.startedAt);
      await expect(run.logMetrics({ train_loss: 1 }, 3)).rejects.toMatchObject(CONFLICT);
      await expect(run.logArtifact('late.bin', new Uint8Array(1))).rejects.toMatchObject(CONFLICT);
      await expect(run.end()).rejects.toMatchObject(CONFLICT);
      expect((await registry.getRun(run.id)).metrics.train_loss).toBe(2);

      const failed = await registry.startRun(experiment);
      await failed.end('FAILED');
      expect(await registry.getRun(failed.id)).toMatchObject({ status: 'FAILED', params: {}, metrics: {}, tags: {} });
    });

    it('round-trips a 5 MB binary artifact byte for byte, the last write of a path winning', async () => {
      const model = modelName('artifact');
      const weights = randomBytes(5 * 1024 * 1024);
      // Every byte value, including the ones a text encoding would mangle.
      for (let i = 0; i < 256; i++) weights[i] = i;
      const run = await registry.startRun(experiment);
      await run.logArtifact('model/weights.bin', new TextEncoder().encode('first draft'));
      await run.logArtifact('model/weights.bin', weights);
      await run.logArtifact('model/config.json', new TextEncoder().encode('{"layers":3}'));
      await run.end();
      const version = await registry.registerVersion(model, run.id, 'model/weights.bin');
      const config = await registry.registerVersion(model, run.id, 'model/config.json');
      const downloaded = await registry.downloadArtifact(version);
      expect(downloaded).toBeInstanceOf(Uint8Array);
      expect(downloaded.byteLength).toBe(weights.byteLength);
      expect(sha256(downloaded)).toBe(sha256(weights));
      expect(new TextDecoder().decode(await registry.downloadArtifact({ model, version: config.version }))).toBe('{"layers":3}');
    });

    it('numbers versions 1, 2, 3 per model and lists them oldest first, with their run metrics and tags', async () => {
      const [rul, anomaly] = [modelName('rul'), modelName('anomaly')];
      const first = await trainAndRegister(rul, 30, { framework: 'tfjs' });
      expect(first).toMatchObject({ model: rul, version: 1, artifactPath: 'model/model.json', tags: { framework: 'tfjs' }, aliases: [] });
      expect(first.metrics).toStrictEqual({ val_rmse: 30 });
      expect(first.runId).toMatch(/^[0-9a-f]{32}$/);
      expect(first.createdAt).toBeGreaterThan(Date.now() - 3_600_000);
      expect((await trainAndRegister(anomaly, 1)).version).toBe(1);
      expect((await trainAndRegister(rul, 20)).version).toBe(2);
      expect((await trainAndRegister(rul, 25)).version).toBe(3);

      const listed = await registry.listVersions(rul);
      expect(listed.map((v) => [v.version, v.metrics.val_rmse, v.artifactPath])).toStrictEqual([
        [1, 30, 'model/model.json'],
        [2, 20, 'model/model.json'],
        [3, 25, 'model/model.json'],
      ]);
      expect(new Set(listed.map((v) => v.runId)).size).toBe(3);
      expect(listed[0]).toStrictEqual(first);
      expect(await registry.getVersion(rul, 2)).toStrictEqual(listed[1]);
      expect((await registry.listVersions(anomaly)).map((v) => v.version)).toStrictEqual([1]);
    });

    it('registers concurrent versions of one model without gaps or duplicates', async () => {
      const model = modelName('concurrent');
      const run = await registry.startRun(experiment);
      await run.logArtifact('m.bin', new Uint8Array([1, 2, 3]));
      const versions = await Promise.all([1, 2, 3, 4].map(() => registry.registerVersion(model, run.id, 'm.bin')));
      expect(versions.map((v) => v.version).sort()).toStrictEqual([1, 2, 3, 4]);
      expect((await registry.listVersions(model)).map((v) => v.version)).toStrictEqual([1, 2, 3, 4]);
    });

    it('sets, reads and moves aliases', async () => {
      const model = modelName('alias');
      await trainAndRegister(model, 10);
      await trainAndRegister(model, 9);
      await registry.setAlias(model, 'champion', 1);
      await registry.setAlias(model, 'challenger', 2);
      expect(await registry.getVersionByAlias(model, 'champion')).toMatchObject({
        version: 1,
        aliases: ['champion'],
        metrics: { val_rmse: 10 },
      });
      await registry.setAlias(model, 'champion', 2);
      expect(await registry.getVersionByAlias(model, 'champion')).toMatchObject({ version: 2, aliases: ['challenger', 'champion'] });
      expect((await registry.getVersion(model, 1)).aliases).toStrictEqual([]);
      expect((await registry.listVersions(model)).map((v) => v.aliases)).toStrictEqual([[], ['challenger', 'champion']]);
      // Setting an alias where it already points changes nothing.
      await registry.setAlias(model, 'champion', 2);
      expect((await registry.getVersionByAlias(model, 'champion')).version).toBe(2);
    });

    it('promotes the first version, a better one, never a worse or equal one, and says why', async () => {
      const model = modelName('promote');
      const v1 = await trainAndRegister(model, 30);
      expect(await promoteIfBetter(registry, model, v1, LOWER_RMSE)).toMatchObject({
        promoted: true,
        reason: 'no-champion',
        candidate: { version: 1, value: 30 },
      });
      expect(await promoteIfBetter(registry, model, 1, LOWER_RMSE)).toMatchObject({ promoted: false, reason: 'already-champion' });

      const worse = await trainAndRegister(model, 31);
      const worseDecision = await promoteIfBetter(registry, model, worse, LOWER_RMSE);
      expect(worseDecision).toMatchObject({
        promoted: false,
        reason: 'worse',
        candidate: { version: 2, value: 31 },
        champion: { version: 1, value: 30 },
      });
      expect(worseDecision.explanation).toContain('v1');
      const tie = await trainAndRegister(model, 30);
      expect(await promoteIfBetter(registry, model, tie, LOWER_RMSE)).toMatchObject({ promoted: false, reason: 'tie' });
      expect((await registry.getVersionByAlias(model, 'champion')).version).toBe(1);

      const better = await trainAndRegister(model, 29.5);
      expect(await promoteIfBetter(registry, model, better, LOWER_RMSE)).toMatchObject({
        promoted: true,
        reason: 'better',
        champion: { version: 1, value: 30 },
      });
      expect((await registry.getVersionByAlias(model, 'champion')).version).toBe(4);
      // The same numbers where higher is better: 31 now beats the champion's 29.5.
      expect(await promoteIfBetter(registry, model, worse, { ...LOWER_RMSE, greaterIsBetter: true })).toMatchObject({
        promoted: true,
        reason: 'better',
      });
      expect((await registry.getVersionByAlias(model, 'champion')).version).toBe(2);

      const unmeasured = await trainAndRegister(model, undefined);
      await expect(promoteIfBetter(registry, model, unmeasured, LOWER_RMSE)).rejects.toMatchObject(BAD_INPUT);
      await registry.setAlias(model, 'champion', unmeasured.version);
      expect(await promoteIfBetter(registry, model, 4, LOWER_RMSE)).toMatchObject({ promoted: false, reason: 'champion-unmeasured' });
      expect(await promoteIfBetter(registry, model, 4, { ...LOWER_RMSE, alias: 'staging' })).toMatchObject({
        promoted: true,
        reason: 'no-champion',
      });
      expect((await registry.getVersion(model, 4)).aliases).toStrictEqual(['staging']);
    });

    it('watchAlias reports the champion, each promotion once, retries a failed handler, and stops', async () => {
      const model = modelName('watch');
      const seen: (number | undefined)[] = [];
      let failNext = false;
      const stop = registry.watchAlias(
        model,
        'champion',
        50,
        (version) => {
          if (failNext) {
            failNext = false;
            throw new Error('model failed to load');
          }
          seen.push(version?.version);
        },
        { onError: () => undefined },
      );
      try {
        // No model yet: nothing to report.
        await sleep(150);
        expect(seen).toStrictEqual([]);
        const v1 = await trainAndRegister(model, 10);
        await promoteIfBetter(registry, model, v1, LOWER_RMSE);
        await eventually(() => seen.length === 1, 10_000);
        const v2 = await trainAndRegister(model, 5);
        failNext = true;
        await promoteIfBetter(registry, model, v2, LOWER_RMSE);
        await eventually(() => seen.length === 2, 10_000);
        await sleep(200);
        expect(seen).toStrictEqual([1, 2]);
      } finally {
        await stop();
      }
      await registry.setAlias(model, 'champion', 1);
      await sleep(200);
      expect(seen).toStrictEqual([1, 2]);
    });

    it('hot-swaps to each newly promoted champion once it has loaded, keeping the old one while a load fails', async () => {
      const model = modelName('swap');
      const swaps: [number, number | undefined][] = [];
      let failLoads = 0;
      /** The version in service at each failed load. */
      const servingDuringFailures: (number | undefined)[] = [];
      const followed = followAlias(registry, model, {
        intervalMs: 50,
        load: (bytes) => {
          if (failLoads > 0) {
            failLoads -= 1;
            servingDuringFailures.push(followed.current()?.version.version);
            throw new Error('corrupt model');
          }
          return JSON.parse(new TextDecoder().decode(bytes)) as { valRmse: number };
        },
        onSwap: (next, previous) => swaps.push([next.version.version, previous?.version.version]),
        onError: () => undefined,
      });
      try {
        expect(followed.current()).toBeUndefined();
        await promoteIfBetter(registry, model, await trainAndRegister(model, 12), LOWER_RMSE);
        await eventually(() => followed.current()?.version.version === 1, 10_000);
        expect(followed.current()?.model).toStrictEqual({ valRmse: 12 });
        failLoads = 2;
        await promoteIfBetter(registry, model, await trainAndRegister(model, 11), LOWER_RMSE);
        // The first two loads of v2 fail: v1 serves meanwhile, and the next polls try again.
        await eventually(() => followed.current()?.version.version === 2, 10_000);
        expect(servingDuringFailures).toStrictEqual([1, 1]);
        expect(followed.current()?.model).toStrictEqual({ valRmse: 11 });
        expect(swaps).toStrictEqual([
          [1, undefined],
          [2, 1],
        ]);
      } finally {
        await followed.stop();
      }
    });

    it('fails with REGISTRY_NOT_FOUND for an unknown model, version, alias, run or artifact', async () => {
      const model = modelName('missing');
      const unknownRun = '0123456789abcdef0123456789abcdef';
      await expect(registry.getVersion(model, 1)).rejects.toMatchObject(NOT_FOUND);
      await expect(registry.listVersions(model)).rejects.toMatchObject(NOT_FOUND);
      await expect(registry.getVersionByAlias(model, 'champion')).rejects.toMatchObject(NOT_FOUND);
      await expect(registry.setAlias(model, 'champion', 1)).rejects.toMatchObject(NOT_FOUND);
      await expect(registry.downloadArtifact({ model, version: 1 })).rejects.toMatchObject(NOT_FOUND);
      await expect(registry.getRun(unknownRun)).rejects.toMatchObject(NOT_FOUND);
      await expect(registry.registerVersion(model, unknownRun, 'model/model.json')).rejects.toMatchObject(NOT_FOUND);

      await trainAndRegister(model, 1);
      await expect(registry.getVersion(model, 2)).rejects.toMatchObject(NOT_FOUND);
      await expect(registry.setAlias(model, 'champion', 2)).rejects.toMatchObject(NOT_FOUND);
      await expect(registry.downloadArtifact({ model, version: 2 })).rejects.toMatchObject(NOT_FOUND);
      await expect(registry.getVersionByAlias(model, 'champion')).rejects.toMatchObject(NOT_FOUND);
      const run = await registry.startRun(experiment);
      await run.logArtifact('model/model.json', new Uint8Array([1]));
      await expect(registry.registerVersion(model, run.id, 'model/other.json')).rejects.toMatchObject(NOT_FOUND);
      // A folder is not a file a version can serve.
      await expect(registry.registerVersion(model, run.id, 'model')).rejects.toMatchObject(NOT_FOUND);
      expect((await registry.listVersions(model)).map((v) => v.version)).toStrictEqual([1]);
    });

    it('refuses malformed names, ids, keys, values and paths with REGISTRY_BAD_INPUT', async () => {
      const model = modelName('bad');
      await trainAndRegister(model, 1);
      for (const name of ['', 'with space', '../escape', 'a/b', "quote'", '.hidden', 'x'.repeat(129)]) {
        await expect(registry.listVersions(name), name).rejects.toMatchObject(BAD_INPUT);
        await expect(registry.startRun(name), name).rejects.toMatchObject(BAD_INPUT);
      }
      for (const alias of ['', 'latest', 'Latest', 'v3', 'with space', '1st', 'a.b']) {
        await expect(registry.setAlias(model, alias, 1), alias).rejects.toMatchObject(BAD_INPUT);
        await expect(registry.getVersionByAlias(model, alias), alias).rejects.toMatchObject(BAD_INPUT);
      }
      for (const version of [0, -1, 1.5, Number.NaN]) await expect(registry.getVersion(model, version)).rejects.toMatchObject(BAD_INPUT);
      for (const runId of ['', 'not-a-run', '0123456789ABCDEF0123456789ABCDEF']) {
        await expect(registry.getRun(runId)).rejects.toMatchObject(BAD_INPUT);
      }
      await expect(registry.startRun(experiment, { params: { 'bad key': 1 } })).rejects.toMatchObject(BAD_INPUT);
      await expect(registry.startRun(experiment, { params: { lr: Number.NaN } })).rejects.toMatchObject(BAD_INPUT);
      await expect(registry.startRun(experiment, { tags: { 'mlflow.user': 'me' } })).rejects.toMatchObject(BAD_INPUT);
      const run: TrainingRun = await registry.startRun(experiment);
      for (const [metrics, step] of [
        [{ rmse: Number.NaN }, 0],
        [{ rmse: Number.POSITIVE_INFINITY }, 0],
        [{ 'bad key': 1 }, 0],
        [{}, 0],
        [{ rmse: 1 }, -1],
        [{ rmse: 1 }, 0.5],
      ] as const) {
        await expect(run.logMetrics(metrics, step), JSON.stringify([metrics, step])).rejects.toMatchObject(BAD_INPUT);
      }
      for (const path of ['', '/abs', '../up', 'a//b', 'a/./b', '.hidden', 'a/', 'with space']) {
        await expect(run.logArtifact(path, new Uint8Array(1)), path).rejects.toMatchObject(BAD_INPUT);
        await expect(registry.registerVersion(model, run.id, path), path).rejects.toMatchObject(BAD_INPUT);
      }
      await expect(run.logArtifact('ok.bin', 'text' as unknown as Uint8Array)).rejects.toMatchObject(BAD_INPUT);
      await expect(run.end('DONE' as never)).rejects.toMatchObject(BAD_INPUT);
      // Refused calls changed nothing: the run is still open and empty.
      expect(await registry.getRun(run.id)).toMatchObject({ status: 'RUNNING', metrics: {} });
      await run.end('KILLED');
    });

    it('answers ping', async () => {
      expect(await registry.ping()).toMatchObject({ status: 'UP' });
    });
  });
}
