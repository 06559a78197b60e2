import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OPCUAClient, resolveNodeId } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlant, startOpcUaServer, type Plant, type Reading, type RunningOpcUaServer } from '@vigie/plant-simulator';
import { freePort } from '@vigie/service-kit-testing';
import { createOpcUaSource, monitorSensors, type OpcUaSource, type SourceLogger } from '../src/adapters/opcua-source';

const tmp = mkdtempSync(path.join(tmpdir(), 'vigie-opcua-'));
process.env.XDG_CONFIG_HOME = tmp; // node-opcua must not write under ~/.config

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Records everything the server is handed to write, through the public Plant interface. */
function tap(plant: Plant, written: Reading[]): Plant {
  return { ...plant, step: (to) => { const r = plant.step(to); written.push(...r); return r; } };
}

// accel 600 puts ~10 samples per sensor in every 200 ms tick, and this timing makes P-101
// cycle through failure (bad / null, flat zeros) and repair (uncertain) every ~14 simulated minutes.
const plantOptions = { seed: 42, accel: 600, degradation: { onsetMinutes: 2, failureMinutes: 6, repairMinutes: 8 } };

describe('OPC UA source against the plant simulator', () => {
  const written: Reading[] = [];
  const received: Reading[] = [];
  const batches: number[] = [];
  const states: string[] = [];
  const warnings: string[] = [];
  const logger: SourceLogger = { info: () => undefined, warn: (_o, m) => warnings.push(m ?? ''), error: (_o, m) => warnings.push(m ?? '') };
  let port = 0;
  let plant: Plant;
  let server: RunningOpcUaServer;
  let source: OpcUaSource;

  beforeAll(async () => {
    port = await freePort();
    plant = createPlant({ ...plantOptions, startTime: Date.UTC(2026, 0, 5) });
    server = await startOpcUaServer(tap(plant, written), { port, pkiDir: path.join(tmp, 'server') });
    source = createOpcUaSource({
      endpointUrl: server.endpointUrl,
      onReadings: (batch) => { batches.push(batch.length); received.push(...batch); },
      onStatus: (s) => states.push(s.state),
      logger,
      pkiDir: path.join(tmp, 'client'),
    });
    await source.start();
  });
  afterAll(async () => {
    await source?.stop();
    await server?.stop();
  });

  it('discovers the catalog by browsing', () => {
    expect(source.catalog()).toEqual(plant.catalog());
    expect(source.state()).toBe('connected');
  });

  it('delivers every written sample, in batches, with units and increasing timestamps', async () => {
    await sleep(3000);
    const cutoff = plant.simTime();
    await sleep(1000); // let the last publish before the cutoff arrive
    const units = new Map(plant.catalog().flatMap((a) => a.sensors.map((s) => [s.id, s.unit])));
    const sensors = [...units.keys()];
    let compared = 0;
    for (const sensorId of sensors) {
      const got = received.filter((r) => r.sensorId === sensorId);
      expect(got.length, sensorId).toBeGreaterThan(50);
      for (let i = 1; i < got.length; i++) expect(got[i]!.ts, sensorId).toBeGreaterThan(got[i - 1]!.ts);
      expect(got.every((r) => r.unit === units.get(sensorId))).toBe(true);
      // The first reading is the value current at subscription time; all writes after it count.
      const from = got[0]!.ts;
      const expected = written.filter((r) => r.sensorId === sensorId && r.ts >= from && r.ts <= cutoff);
      expect(got.filter((r) => r.ts <= cutoff)).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(15 * 100);
    expect(received.some((r) => r.quality === 'bad' && r.value === null)).toBe(true);
    expect(received.some((r) => r.quality === 'uncertain')).toBe(true);
    expect(batches.length).toBeLessThan(received.length / 10);
    expect(warnings).toEqual([]);
  });

  it('logs and skips a monitored item the server refuses', async () => {
    const client = OPCUAClient.create({ endpointMustExist: false });
    await client.connect(server.endpointUrl);
    const session = await client.createSession();
    const subscription = await session.createSubscription2({ requestedPublishingInterval: 100, publishingEnabled: true });
    const [good] = plant.catalog()[0]!.sensors;
    const sensors = [
      { assetId: 'X-1', spec: { ...good!, id: 'X-1.vibration' }, nodeId: resolveNodeId('ns=1;s=X-1.vibration') },
      { assetId: 'P-101', spec: good!, nodeId: resolveNodeId(`ns=1;s=${good!.id}`) },
    ];
    const skipped: string[] = [];
    const seen: string[] = [];
    const log: SourceLogger = { info: () => undefined, warn: (_o, m) => skipped.push(m ?? ''), error: () => undefined };
    const count = await monitorSensors(subscription, sensors, 100, (s) => seen.push(s.spec.id), log);
    await waitFor(() => seen.length > 0, 5000);
    await session.close(true);
    await client.disconnect();
    expect(count).toBe(1);
    expect(skipped).toEqual(['monitored item skipped']);
    expect(new Set(seen)).toEqual(new Set([good!.id]));
  });

  it('re-subscribes after a full server restart on the same port, the downtime left as a gap', async () => {
    await server.stop();
    const stoppedAt = Date.now();
    const simAtStop = plant.simTime(); // the last sample the old server could have served
    await waitFor(() => source.state() === 'reconnecting', 5000);
    // The plant kept running while its server was down: the new one starts where the plant is now.
    const plant2 = createPlant({ ...plantOptions, startTime: plant.simTime() + plantOptions.accel * (Date.now() - stoppedAt) });
    const restartedAt = Date.now();
    server = await startOpcUaServer(plant2, { port, pkiDir: path.join(tmp, 'server') });
    const before = received.length;
    await waitFor(() => received.slice(before).some((r) => r.ts >= plant2.startTime), 10_000);
    const resumedAfterMs = Date.now() - restartedAt;
    expect(resumedAfterMs).toBeLessThan(10_000);
    await waitFor(() => new Set(received.slice(before).map((r) => r.sensorId)).size === plant.catalog().flatMap((a) => a.sensors).length, 5000);
    // Nothing is invented for the downtime: no reading between the old server's last sample and the new one's first.
    expect(received.filter((r) => r.ts > simAtStop && r.ts < plant2.startTime)).toEqual([]);
    expect(source.state()).toBe('connected');
    expect(states).toContain('reconnecting');
    console.info(`subscribe mode: readings resumed ${resumedAfterMs} ms after the new server started`);
  });
});
