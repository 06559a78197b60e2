import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeModelRegistryContract, freePort } from '@vigie/service-kit-testing';
import { MlflowModelRegistry } from '../src/model-registry/index';

// Never skipped: a missing server must fail the run, not silently pass it.
function mlflowUrl(): string {
  const url = process.env.VIGIE_TEST_MLFLOW_URL;
  if (!url) {
    throw new Error(
      'VIGIE_TEST_MLFLOW_URL must be set. The integration test command starts MLflow first: run ' +
        '`infra/mlflow/mlflow.sh start` and export the MLFLOW_URL it prints as VIGIE_TEST_MLFLOW_URL.',
    );
  }
  return url;
}
const url = mlflowUrl();

describeModelRegistryContract('MlflowModelRegistry (real server)', () => MlflowModelRegistry.fromConfig({ url }));

/** MLflow's REST API read directly, to check what the adapter stored rather than what it says it stored. */
async function rest(path: string, query: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/api/2.0/mlflow/${path}?${new URLSearchParams(query).toString()}`);
  expect(response.status, path).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('MlflowModelRegistry on a real server', () => {
  const suffix = randomBytes(4).toString('hex');
  const registry = MlflowModelRegistry.fromConfig({ url });

  it('stores runs, versions and aliases as MLflow does, artifacts behind mlflow-artifacts: URIs', async () => {
    const model = `mlflow-native-${suffix}`;
    const run = await registry.startRun(`native-${suffix}`, { params: { lr: 0.01 }, tags: { asset_type: 'pump' } });
    await run.logMetrics({ val_rmse: 7.5 }, 4);
    await run.logArtifact('model/rul.json', new TextEncoder().encode('{"w":1}'));
    await run.end();
    await registry.registerVersion(model, run.id, 'model/rul.json', { framework: 'tfjs' });
    await registry.setAlias(model, 'champion', 1);

    const { run: stored } = (await rest('runs/get', { run_id: run.id })) as {
      run: { info: Record<string, unknown>; data: Record<string, unknown> };
    };
    expect(stored.info).toMatchObject({ status: 'FINISHED', artifact_uri: expect.stringMatching(/^mlflow-artifacts:\//) });
    expect(stored.data.params).toStrictEqual([{ key: 'lr', value: '0.01' }]);
    expect(stored.data.metrics).toMatchObject([{ key: 'val_rmse', value: 7.5, step: 4 }]);
    const { model_version: version } = (await rest('model-versions/get', { name: model, version: '1' })) as {
      model_version: Record<string, unknown>;
    };
    expect(version).toMatchObject({ run_id: run.id, source: `${String(stored.info.artifact_uri)}/model/rul.json`, aliases: ['champion'] });
    expect(version.tags).toStrictEqual([{ key: 'framework', value: 'tfjs' }]);
    const artifact = await fetch(`${url}/api/2.0/mlflow-artifacts/artifacts/${String(version.source).replace('mlflow-artifacts:/', '')}`);
    expect(await artifact.text()).toBe('{"w":1}');
  });

  it('reads a version registered by another MLflow client, e.g. the Python one', async () => {
    const model = `foreign-${suffix}`;
    const run = await registry.startRun(`foreign-${suffix}`);
    await run.logMetrics({ val_rmse: 3 });
    await run.logArtifact('weights.bin', new Uint8Array([9, 8, 7]));
    // What `mlflow.register_model` sends: the model is created first, the version carries MLflow's own tags.
    const post = (path: string, body: unknown) =>
      fetch(`${url}/api/2.0/mlflow/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('registered-models/create', { name: model })).status).toBe(200);
    const { run: stored } = (await rest('runs/get', { run_id: run.id })) as { run: { info: { artifact_uri: string } } };
    const created = await post('model-versions/create', {
      name: model,
      source: `${stored.info.artifact_uri}/weights.bin`,
      run_id: run.id,
      tags: [{ key: 'mlflow.source.type', value: 'LOCAL' }],
    });
    expect(created.status).toBe(200);
    const version = await registry.getVersion(model, 1);
    expect(version).toMatchObject({ runId: run.id, artifactPath: 'weights.bin', tags: {}, metrics: { val_rmse: 3 } });
    expect([...(await registry.downloadArtifact(version))]).toStrictEqual([9, 8, 7]);
  });

  it('refuses a configuration it cannot use', () => {
    for (const bad of ['', 'not a url', 'ftp://127.0.0.1:1', 'http://127.0.0.1:1/?x=1', 'http://user:secret@127.0.0.1:1']) {
      expect(() => MlflowModelRegistry.fromConfig({ url: bad }), bad).toThrow(expect.objectContaining({ code: 'REGISTRY_BAD_INPUT' }));
    }
    expect(() => MlflowModelRegistry.fromConfig({ url, requestTimeoutMs: 0 })).toThrow(
      expect.objectContaining({ code: 'REGISTRY_BAD_INPUT' }),
    );
  });
});

describe('MlflowModelRegistry when the server is away', () => {
  let silent: Server;
  let silentPort: number;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // Accepts connections and never answers: a hung server, which only a timeout detects.
    silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('fails with REGISTRY_UNAVAILABLE on a refused connection, and ping says DOWN', async () => {
    const registry = MlflowModelRegistry.fromConfig({ url: `http://127.0.0.1:${await freePort()}` });
    await expect(registry.listVersions('rul')).rejects.toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    await expect(registry.startRun('rul')).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
    expect(await registry.ping()).toMatchObject({ status: 'DOWN' });
  });

  it('fails with REGISTRY_UNAVAILABLE after its timeout on a server that never answers', async () => {
    const registry = MlflowModelRegistry.fromConfig({ url: `http://127.0.0.1:${silentPort}`, requestTimeoutMs: 300 });
    const started = performance.now();
    await expect(registry.getVersionByAlias('rul', 'champion')).rejects.toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
      message: expect.stringContaining('no answer within 300 ms'),
    });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('keeps watching through an outage without calling the handler', async () => {
    const registry = MlflowModelRegistry.fromConfig({ url: `http://127.0.0.1:${await freePort()}` });
    const errors: unknown[] = [];
    const changes: unknown[] = [];
    const stop = registry.watchAlias('rul', 'champion', 20, (v) => void changes.push(v), { onError: (e) => errors.push(e) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stop();
    expect(changes).toStrictEqual([]);
    expect(errors.length).toBeGreaterThan(2);
    expect(errors[0]).toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
  });
});
