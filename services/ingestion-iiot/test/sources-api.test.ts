import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlant, startOpcUaServer, type RunningOpcUaServer } from '@vigie/plant-simulator';
import { createTestHarness, eventually, freePort, type TestHarness } from '@vigie/service-kit-testing';
import { loadPlantFile } from '../src/sources/plant-file';
import { createIngestionService } from '../src/service';

const tmp = mkdtempSync(path.join(tmpdir(), 'vigie-sources-'));
process.env.XDG_CONFIG_HOME = tmp;

describe('plant file', () => {
  it('reads YAML sources and names the file and field of a mistake', async () => {
    const good = path.join(tmp, 'plant.yaml');
    writeFileSync(good, 'sources:\n  - id: line-1\n    protocol: opcua\n    endpoint: opc.tcp://10.0.0.5:4840\n');
    expect(await loadPlantFile(good)).toEqual([{ id: 'line-1', protocol: 'opcua', endpoint: 'opc.tcp://10.0.0.5:4840' }]);
    const bad = path.join(tmp, 'bad.yaml');
    writeFileSync(bad, 'sources:\n  - id: line-1\n    protocol: opcua\n    endpoint: http://nope\n');
    await expect(loadPlantFile(bad)).rejects.toThrow(/bad\.yaml: sources\.0\.endpoint: an opc\.tcp:\/\/ URL/);
    const dup = path.join(tmp, 'dup.json');
    writeFileSync(dup, JSON.stringify({ sources: [{ id: 'a', protocol: 'opcua', endpoint: 'opc.tcp://x' }, { id: 'a', protocol: 'opcua', endpoint: 'opc.tcp://y' }] }));
    await expect(loadPlantFile(dup)).rejects.toThrow(/unique/);
    await expect(loadPlantFile(path.join(tmp, 'missing.yaml'))).rejects.toThrow(/missing\.yaml/);
  });

  it('accepts the documented example plant file with OPC UA, Modbus and MQTT sources', async () => {
    const example = path.resolve(import.meta.dirname, '../../../infra/plant/example-plant.yaml');
    const sources = await loadPlantFile(example);
    expect(sources.map((s) => `${s.id}:${s.protocol}`)).toEqual(['line-1-opcua:opcua', 'booster-pump-plc:modbus', 'plant-mqtt:mqtt', 'legacy-gateway:mqtt']);
  });
});

describe('sources over REST', () => {
  let h: TestHarness;
  let server: RunningOpcUaServer;
  beforeAll(async () => {
    h = await createTestHarness();
    server = await startOpcUaServer(createPlant({ seed: 3, accel: 600 }), { port: await freePort(), host: '127.0.0.1', pkiDir: path.join(tmp, 'server-pki') });
  });
  afterAll(async () => {
    await server.stop();
    await h.close();
  });

  it('adds a source that starts flowing, keeps it across a restart, and removes it', async () => {
    const deps = { ...h.deps('ingestion_sources'), config: { sources: [], pkiDir: path.join(tmp, 'client-pki') } };
    const service = createIngestionService(deps);
    await service.start();
    const bad = await service.app.inject({ method: 'POST', url: '/api/v1/ingestion/sources', payload: { source: { id: 'x', protocol: 'opcua', endpoint: 'tcp://x' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toBe('body.source.endpoint');
    const added = await service.app.inject({ method: 'POST', url: '/api/v1/ingestion/sources', payload: { source: { id: 'sim', protocol: 'opcua', endpoint: server.endpointUrl } } });
    expect(added.statusCode).toBe(201);
    const again = await service.app.inject({ method: 'POST', url: '/api/v1/ingestion/sources', payload: { source: { id: 'sim', protocol: 'opcua', endpoint: server.endpointUrl } } });
    expect(again.statusCode).toBe(409);
    await eventually(async () => (await service.app.inject({ method: 'GET', url: '/api/v1/ingestion/sources' })).json().sources[0].readings > 0, 15_000);
    await service.stop();

    const restarted = createIngestionService(deps);
    await restarted.start();
    const listed = (await restarted.app.inject({ method: 'GET', url: '/api/v1/ingestion/sources' })).json().sources;
    expect(listed.map((s: { id: string }) => s.id)).toEqual(['sim']);
    const removed = await restarted.app.inject({ method: 'DELETE', url: '/api/v1/ingestion/sources/sim' });
    expect(removed.json().sources).toEqual([]);
    await restarted.stop();
  });

  it('passes OPC UA options through: an explicit node list in poll mode, with its assets from the configuration', async () => {
    const service = createIngestionService({ ...h.deps('ingestion_nodes'), config: { sources: [], pkiDir: path.join(tmp, 'client-pki') } });
    await service.start();
    const source = {
      id: 'nodes',
      protocol: 'opcua',
      endpoint: server.endpointUrl,
      mode: 'poll',
      pollIntervalMs: 200,
      nodes: [{ nodeId: 'ns=1;s=P-101.vibration', assetId: 'P-101', sensorId: 'P-101.vibration', unit: 'mm/s', kind: 'vibration' }],
      assets: [{ id: 'P-101', name: 'Pump', type: 'centrifugal-pump', sensors: [{ id: 'P-101.vibration', kind: 'vibration', unit: 'mm/s', min: 0, max: 50, samplingHz: 5 }] }],
    };
    expect((await service.app.inject({ method: 'POST', url: '/api/v1/ingestion/sources', payload: { source } })).statusCode).toBe(201);
    await eventually(async () => (await service.app.inject({ method: 'GET', url: '/api/v1/ingestion/sources' })).json().sources[0].readings > 2, 15_000);
    const health = (await service.app.inject({ method: 'GET', url: '/api/v1/ingestion/health' })).json();
    expect(health.components.sources.details.protocol.nodes.mode).toBe('poll');
    const assets = (await service.app.inject({ method: 'GET', url: '/api/v1/ingestion/assets' })).json().assets;
    expect(assets.map((a: { id: string }) => a.id)).toEqual(['P-101']);
    const insecure = { ...source, id: 'bad', securityMode: 'SignAndEncrypt', securityPolicy: 'None' };
    const refused = await service.app.inject({ method: 'POST', url: '/api/v1/ingestion/sources', payload: { source: insecure } });
    expect(refused.statusCode).toBe(400);
    await service.stop();
  });

  it('answers a start request within seconds when no server listens: the source stays connecting, then stops on request', { timeout: 60_000 }, async () => {
    // Found by schemathesis: the OPC UA client retries an unreachable server without end, and the request never answered.
    const service = createIngestionService({ ...h.deps('ingestion_unreachable'), config: { sources: [], pkiDir: path.join(tmp, 'client-pki') } });
    await service.start();
    const source = { id: 'nobody', protocol: 'opcua', endpoint: `opc.tcp://127.0.0.1:${await freePort()}` };
    const t0 = performance.now();
    const added = await service.app.inject({ method: 'POST', url: '/api/v1/ingestion/sources', payload: { source } });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().sources).toEqual([expect.objectContaining({ id: 'nobody', state: 'connecting' })]);
    const stopped = await service.app.inject({ method: 'POST', url: '/api/v1/ingestion/stop', payload: {} });
    expect(stopped.json().sources).toEqual([expect.objectContaining({ id: 'nobody', state: 'stopped' })]);
    const restarted = await service.app.inject({ method: 'POST', url: '/api/v1/ingestion/start', payload: { sources: ['nobody'] } });
    expect(restarted.statusCode, restarted.body).toBe(200);
    expect(restarted.json().sources[0].state).toBe('connecting');
    expect((performance.now() - t0) / 1000).toBeLessThan(30);
    await service.stop();
  });
});
