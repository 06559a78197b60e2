import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPlant, startOpcUaServer, type Reading, type RunningOpcUaServer } from '@vigie/plant-simulator';
import { eventually, freePort } from '@vigie/service-kit-testing';
import { createOpcUaSource, type AcquisitionMode, type NodeMapping, type OpcUaSourceWithStatus } from '../src/adapters/opcua-source';

const tmp = mkdtempSync(path.join(tmpdir(), 'vigie-opcua-nodes-'));
process.env.XDG_CONFIG_HOME = tmp; // node-opcua must not write under ~/.config

// Three real sensors under names of our choosing, a node the server does not have, and a typo.
const nodes: NodeMapping[] = [
  { nodeId: 'ns=1;s=P-101.temperature', assetId: 'pump-a', sensorId: 'pump-a.temp', unit: '°C', kind: 'temperature' },
  { nodeId: 'ns=1;s=P-101.vibration', assetId: 'pump-a', sensorId: 'pump-a.vib', unit: 'mm/s', kind: 'vibration' },
  { nodeId: 'ns=1;s=M-201.speed', assetId: 'motor-b', sensorId: 'motor-b.speed', unit: 'rpm', kind: 'speed' },
  { nodeId: 'ns=1;s=X-999.vibration', assetId: 'ghost', sensorId: 'ghost.vib', unit: 'mm/s', kind: 'vibration' },
  { nodeId: 'ns=1;x=not-a-node', assetId: 'typo', sensorId: 'typo.vib', unit: 'mm/s', kind: 'vibration' },
];

describe('OPC UA source with an explicit node list', () => {
  let server: RunningOpcUaServer;
  let source: OpcUaSourceWithStatus | undefined;

  beforeAll(async () => {
    server = await startOpcUaServer(createPlant({ seed: 11, accel: 600 }), { port: await freePort(), pkiDir: path.join(tmp, 'server') });
  });
  afterEach(async () => source?.stop());
  afterAll(async () => server?.stop());

  it.each(['subscribe', 'poll'] as AcquisitionMode[])('%s: reads the listed nodes, reports the bad ones once and skips them', async (mode) => {
    const received: Reading[] = [];
    const skipped: object[] = [];
    const logger = { info: () => undefined, error: () => undefined, warn: (o: object, m?: string) => { if (m === 'OPC UA node skipped') skipped.push(o); } };
    source = createOpcUaSource({
      endpointUrl: server.endpointUrl,
      onReadings: (b) => { received.push(...b); },
      logger,
      pkiDir: path.join(tmp, 'client'),
      mode,
      pollIntervalMs: 100,
      nodes,
    });
    await source.start();
    expect(source.catalog()).toEqual([]); // no browsing: the plant file describes these assets

    const sensors = ['pump-a.temp', 'pump-a.vib', 'motor-b.speed'];
    await eventually(() => sensors.every((id) => received.filter((r) => r.sensorId === id).length >= 5), 8000);
    expect(new Set(received.map((r) => r.sensorId))).toEqual(new Set(sensors));
    expect(received.find((r) => r.sensorId === 'motor-b.speed')).toMatchObject({ assetId: 'motor-b', unit: 'rpm' });

    const status = source.status();
    expect(status).toMatchObject({ state: 'connected', mode, nodes: 4 });
    expect(status.failedNodes.map((f) => [f.sensorId, f.error.replace(/:.*/, '')]).sort()).toEqual([
      ['ghost.vib', 'BadNodeIdUnknown'],
      ['typo.vib', 'invalid NodeId'],
    ]);
    // Logged once each, however many polls have gone by.
    expect(skipped).toHaveLength(2);
  });
});
