import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlant, startOpcUaServer, type Plant, type Reading, type RunningOpcUaServer } from '@vigie/plant-simulator';
import { eventually, freePort } from '@vigie/service-kit-testing';
import { createOpcUaSource, type OpcUaSourceWithStatus } from '../src/adapters/opcua-source';

const tmp = mkdtempSync(path.join(tmpdir(), 'vigie-opcua-poll-'));
process.env.XDG_CONFIG_HOME = tmp; // node-opcua must not write under ~/.config

function tap(plant: Plant, written: Reading[]): Plant {
  return { ...plant, step: (to) => { const r = plant.step(to); written.push(...r); return r; } };
}
const key = (r: Reading) => `${r.sensorId}@${r.ts}`;

describe('OPC UA polling fallback against a server that refuses subscriptions', () => {
  const written: Reading[] = [];
  const received: Reading[] = [];
  const warnings: string[] = [];
  const logger = { info: () => undefined, warn: (_o: object, m?: string) => warnings.push(m ?? ''), error: (_o: object, m?: string) => warnings.push(m ?? '') };
  const accel = 600;
  let port = 0;
  let plant: Plant;
  let server: RunningOpcUaServer;
  let source: OpcUaSourceWithStatus;

  beforeAll(async () => {
    port = await freePort();
    plant = createPlant({ seed: 3, accel, startTime: Date.UTC(2026, 0, 5) });
    server = await startOpcUaServer(tap(plant, written), { port, pkiDir: path.join(tmp, 'server'), allowSubscriptions: false });
    source = createOpcUaSource({
      endpointUrl: server.endpointUrl,
      onReadings: (b) => { received.push(...b); },
      logger,
      pkiDir: path.join(tmp, 'client'),
      pollIntervalMs: 100,
    });
    await source.start();
  });
  afterAll(async () => {
    await source?.stop();
    await server?.stop();
  });

  it('falls back to Read polling by itself and says why', () => {
    expect(source.status()).toMatchObject({ state: 'connected', mode: 'poll', fallbackReason: 'CreateSubscription refused: BadTooManySubscriptions', failedNodes: [] });
    expect(warnings).toEqual(['OPC UA server refuses subscriptions; polling instead']);
    expect(source.catalog()).toEqual(plant.catalog());
  });

  it('delivers sampled values, each one a sample the plant really wrote', async () => {
    await eventually(() => new Set(received.map((r) => r.sensorId)).size === plant.catalog().flatMap((a) => a.sensors).length, 5000);
    const start = received.length;
    await new Promise((r) => setTimeout(r, 2000));
    const window = received.slice(start);
    // ~10 polls/s; each sensor changes between polls at accel 600, so most polls yield a reading.
    expect(window.length).toBeGreaterThan(10 * 2 * 5);
    const truth = new Map(written.map((r) => [key(r), r]));
    for (const r of received) expect(r).toEqual(truth.get(key(r)));
    for (const sensorId of new Set(received.map((r) => r.sensorId))) {
      const ts = received.filter((r) => r.sensorId === sensorId).map((r) => r.ts);
      for (let i = 1; i < ts.length; i++) expect(ts[i]!).toBeGreaterThan(ts[i - 1]!);
    }
  });

  it('resumes polling within 10 s after a server restart, the downtime left as a gap', async () => {
    await server.stop();
    const stoppedAt = Date.now();
    const simAtStop = plant.simTime(); // the last sample the old server could have served
    await eventually(() => source.state() === 'reconnecting', 5000);
    // The plant kept running while its server was down: the new one starts where the plant is now.
    const plant2 = createPlant({ seed: 3, accel, startTime: plant.simTime() + accel * (Date.now() - stoppedAt) });
    const restartedAt = Date.now();
    server = await startOpcUaServer(plant2, { port, pkiDir: path.join(tmp, 'server'), allowSubscriptions: false });
    const before = received.length;
    await eventually(() => received.slice(before).some((r) => r.ts >= plant2.startTime), 10_000);
    const resumedAfterMs = Date.now() - restartedAt;
    expect(resumedAfterMs).toBeLessThan(10_000);
    expect(received.filter((r) => r.ts > simAtStop && r.ts < plant2.startTime)).toEqual([]);
    await eventually(() => source.state() === 'connected', 5000);
    expect(source.status().mode).toBe('poll');
    console.info(`poll mode: readings resumed ${resumedAfterMs} ms after the new server started`);
  });
});
