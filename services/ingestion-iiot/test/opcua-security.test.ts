import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPlant, startOpcUaServer, type Reading, type RunningOpcUaServer } from '@vigie/plant-simulator';
import { eventually, freePort } from '@vigie/service-kit-testing';
import { createOpcUaSource, OpcUaSourceError, type OpcUaSourceOptions, type OpcUaSourceWithStatus } from '../src/adapters/opcua-source';

const tmp = mkdtempSync(path.join(tmpdir(), 'vigie-opcua-sec-'));
process.env.XDG_CONFIG_HOME = tmp; // node-opcua must not write under ~/.config

const PASSWORD = 'correct-horse-battery';
const logged: string[] = [];
const logger = { info: (o: object) => logged.push(JSON.stringify(o)), warn: (o: object) => logged.push(JSON.stringify(o)), error: (o: object) => logged.push(JSON.stringify(o)) };

describe('OPC UA security: certificates, encryption and user accounts', () => {
  let server: RunningOpcUaServer;
  const sources: OpcUaSourceWithStatus[] = [];
  const connectMs: Record<string, number> = {};

  const source = (options: Partial<OpcUaSourceOptions>, received: Reading[] = []) => {
    const s = createOpcUaSource({ endpointUrl: server.endpointUrl, onReadings: (b) => { received.push(...b); }, logger, pkiDir: path.join(tmp, 'client'), ...options });
    sources.push(s);
    return s;
  };

  beforeAll(async () => {
    const plant = createPlant({ seed: 7, accel: 600 });
    server = await startOpcUaServer(plant, {
      port: await freePort(),
      pkiDir: path.join(tmp, 'server'),
      securityModes: ['None', 'Sign', 'SignAndEncrypt'],
      users: [{ username: 'operator', password: PASSWORD }],
    });
  });
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.stop()));
  });
  afterAll(async () => {
    await server?.stop();
    console.info(`OPC UA connect+browse+subscribe times (ms): ${JSON.stringify(connectMs)}`);
  });

  it.each(['None', 'Sign', 'SignAndEncrypt'] as const)('reads the plant over %s with a username and password', async (securityMode) => {
    const received: Reading[] = [];
    const s = source({ securityMode, user: { username: 'operator', password: PASSWORD } }, received);
    const t0 = performance.now();
    await s.start();
    connectMs[securityMode] = Math.round(performance.now() - t0);
    expect(s.status()).toMatchObject({ state: 'connected', mode: 'subscribe', securityMode, failedNodes: [] });
    await eventually(() => received.some((r) => r.quality === 'good' && typeof r.value === 'number'), 5000);
    expect(new Set(received.map((r) => r.assetId)).size).toBeGreaterThan(1);
  });

  it('refuses anonymous access when the server has accounts, with a clear error state', async () => {
    const s = source({ securityMode: 'SignAndEncrypt' });
    await expect(s.start()).rejects.toMatchObject({ reason: 'authentication' });
    expect(s.status()).toMatchObject({ state: 'stopped', error: expect.stringMatching(/refused anonymous access/) });
  });

  it('reports a wrong password as an authentication error and never logs the password', async () => {
    const statuses: string[] = [];
    const s = source({ securityMode: 'SignAndEncrypt', user: { username: 'operator', password: 'wrong-password-1' }, onStatus: (st) => statuses.push(st.state) });
    const error: unknown = await s.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpcUaSourceError);
    expect((error as OpcUaSourceError).reason).toBe('authentication');
    expect((error as Error).message).toMatch(/refused user 'operator' \(Bad(UserAccessDenied|IdentityTokenRejected)\)/);
    expect(s.state()).toBe('stopped');
    expect(statuses).toEqual(['connecting', 'stopped']);
    expect(s.status().error).toMatch(/refused user 'operator'/);
    await s.stop(); // a failed source stops cleanly
    expect(logged.join('\n')).not.toMatch(/wrong-password-1|correct-horse-battery/);
  });

  it('with pinned trust, refuses an unknown server certificate and accepts a pinned one', async () => {
    const untrusted = source({ securityMode: 'SignAndEncrypt', user: { username: 'operator', password: PASSWORD }, trustServerCertificates: 'pinned', pkiDir: path.join(tmp, 'pinned-a') });
    await expect(untrusted.start()).rejects.toMatchObject({ reason: 'certificate' });
    expect(untrusted.status()).toMatchObject({ state: 'stopped', error: expect.stringMatching(/certificate/i) });

    const pins = path.join(tmp, 'pins');
    mkdirSync(pins, { recursive: true });
    writeFileSync(path.join(pins, 'simulator.der'), server.certificate());
    const received: Reading[] = [];
    const pinned = source(
      { securityMode: 'SignAndEncrypt', user: { username: 'operator', password: PASSWORD }, trustServerCertificates: 'pinned', serverCertificatesDir: pins, pkiDir: path.join(tmp, 'pinned-b') },
      received,
    );
    await pinned.start();
    await eventually(() => received.length > 0, 5000);
  });
});
