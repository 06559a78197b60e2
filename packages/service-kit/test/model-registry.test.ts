import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeModelRegistryContract } from '@vigie/service-kit-testing';
import { LocalModelRegistry, promoteIfBetter } from '../src/model-registry/index';

const roots: string[] = [];
async function freshRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'vigie-models-'));
  roots.push(root);
  return root;
}
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

// fsync off: durability is not what the contract checks, and it writes a 5 MB artifact.
describeModelRegistryContract('LocalModelRegistry', async () =>
  LocalModelRegistry.fromConfig({ directory: await freshRoot(), fsync: false }),
);

describe('LocalModelRegistry', () => {
  it('explains a promotion with six significant digits, all of them where six would read equal', async () => {
    const registry = LocalModelRegistry.fromConfig({ directory: await freshRoot(), fsync: false });
    const register = async (rmse: number): Promise<number> => {
      const run = await registry.startRun('rul');
      await run.logMetrics({ val_rmse: rmse });
      await run.logArtifact('m.bin', new Uint8Array([1]));
      await run.end();
      return (await registry.registerVersion('explained', run.id, 'm.bin')).version;
    };
    const lower = { metric: 'val_rmse', greaterIsBetter: false };
    const first = await promoteIfBetter(registry, 'explained', await register(1.848484713987138), lower);
    expect(first.explanation).toBe('v1 val_rmse 1.84848 becomes champion: there was none');
    const second = await promoteIfBetter(registry, 'explained', await register(2.5), lower);
    expect(second.explanation).toBe('v2 val_rmse 2.5 does not beat champion v1 (1.84848; lower is better)');
    const third = await promoteIfBetter(registry, 'explained', await register(1.8484840000001), lower);
    expect(third.explanation).toBe('v3 val_rmse 1.8484840000001 beats champion v1 (1.848484713987138; lower is better)');
  });

  it('lays runs and models out as ordinary JSON and artifact files, leaving no temporary file', async () => {
    const root = await freshRoot();
    const registry = LocalModelRegistry.fromConfig({ directory: root });
    const run = await registry.startRun('rul', { params: { lr: 0.01 } });
    await run.logMetrics({ val_rmse: 12 }, 3);
    await run.logArtifact('model/rul.json', new TextEncoder().encode('{"w":[1,2]}'));
    await run.end();
    await registry.registerVersion('rul-pump', run.id, 'model/rul.json', { framework: 'tfjs' });
    await registry.setAlias('rul-pump', 'champion', 1);

    const json = async (...path: string[]): Promise<unknown> => JSON.parse(await readFile(join(root, ...path), 'utf8'));
    expect(await json('runs', run.id, 'run.json')).toMatchObject({ experiment: 'rul', status: 'FINISHED', params: { lr: '0.01' } });
    expect(await json('runs', run.id, 'metrics.json')).toMatchObject([{ key: 'val_rmse', value: 12, step: 3 }]);
    expect(await readFile(join(root, 'runs', run.id, 'artifacts/model/rul.json'), 'utf8')).toBe('{"w":[1,2]}');
    expect(await json('models/rul-pump/versions/1.json')).toMatchObject({ version: 1, runId: run.id, artifactPath: 'model/rul.json' });
    expect(await json('models/rul-pump/aliases.json')).toStrictEqual({ champion: 1 });
    expect(await readdir(join(root, '.tmp'))).toStrictEqual([]);
  });

  it('keeps every update of two concurrent writers in one process', async () => {
    const root = await freshRoot();
    const registry = LocalModelRegistry.fromConfig({ directory: root, fsync: false });
    const run = await registry.startRun('concurrent');
    await Promise.all(Array.from({ length: 40 }, (_, step) => run.logMetrics({ [`m${step % 4}`]: step }, step)));
    expect(JSON.parse(await readFile(join(root, 'runs', run.id, 'metrics.json'), 'utf8'))).toHaveLength(40);
    expect((await registry.getRun(run.id)).metrics).toStrictEqual({ m0: 36, m1: 37, m2: 38, m3: 39 });
    await run.logArtifact('m.bin', new Uint8Array([7]));
    await registry.registerVersion('two-writers', run.id, 'm.bin');
    await registry.registerVersion('two-writers', run.id, 'm.bin');
    await Promise.all([
      registry.setAlias('two-writers', 'champion', 1),
      registry.setAlias('two-writers', 'challenger', 2),
      registry.setAlias('two-writers', 'shadow', 2),
    ]);
    expect((await registry.listVersions('two-writers')).map((v) => v.aliases)).toStrictEqual([['champion'], ['challenger', 'shadow']]);
  });

  it('claims each version number once even for two registries on one directory (two processes)', async () => {
    const root = await freshRoot();
    const [left, right] = [LocalModelRegistry.fromConfig({ directory: root }), LocalModelRegistry.fromConfig({ directory: root })];
    const run = await left.startRun('shared');
    await run.logArtifact('m.bin', new Uint8Array([1]));
    const versions = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? left : right).registerVersion('shared', run.id, 'm.bin')),
    );
    expect(versions.map((v) => v.version).sort()).toStrictEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reports a directory it cannot write as REGISTRY_UNAVAILABLE and ping DOWN', async () => {
    const blocker = join(await freshRoot(), 'a-file');
    await writeFile(blocker, 'not a directory');
    const registry = LocalModelRegistry.fromConfig({ directory: join(blocker, 'models') });
    await expect(registry.startRun('x')).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
    expect(await registry.ping()).toMatchObject({ status: 'DOWN' });
    expect(() => LocalModelRegistry.fromConfig({ directory: '' })).toThrow(expect.objectContaining({ code: 'REGISTRY_BAD_INPUT' }));
  });

  it('a run written by one registry instance is promoted by another reading the same directory', async () => {
    const root = await freshRoot();
    const trainer = LocalModelRegistry.fromConfig({ directory: root });
    const run = await trainer.startRun('rul');
    await run.logMetrics({ val_rmse: 4 });
    await run.logArtifact('model.json', new Uint8Array([1]));
    await run.end();
    await trainer.registerVersion('rul', run.id, 'model.json');
    const server = LocalModelRegistry.fromConfig({ directory: root });
    expect(await promoteIfBetter(server, 'rul', 1, { metric: 'val_rmse', greaterIsBetter: false })).toMatchObject({ promoted: true });
    expect((await trainer.getVersionByAlias('rul', 'champion')).version).toBe(1);
  });
});
