import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlant, startOpcUaServer, type RunningOpcUaServer } from '@vigie/plant-simulator';
import { createTestHarness, eventually, freePort, type TestHarness } from '@vigie/service-kit-testing';
import { createLogger, generateDataKey, Keyring } from '@vigie/service-kit';
import { createIngestionService, type IngestionService } from '../src/service';
import { SourceConfigSchema } from '../src/sources';
import { hasPlainSecrets, maskSource, openSource, sealSource } from '../src/sources/secrets';

const tmp = mkdtempSync(path.join(tmpdir(), 'vigie-source-secrets-'));
process.env.XDG_CONFIG_HOME = tmp; // node-opcua must not write under ~/.config

const PASSWORD = 'correct-horse-battery-staple';
const K1 = generateDataKey('k1');
const K2 = generateDataKey('k2');

const logged: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _enc, done) {
    logged.push(chunk.toString('utf8'));
    done();
  },
});

describe('source secrets: sealed at rest, opened only to connect, never returned or logged', () => {
  let h: TestHarness;
  let server: RunningOpcUaServer;
  const deps = (keys: string | null) => ({
    ...h.deps('ingestion_secrets'),
    logger: createLogger('ingestion-iiot', 'debug', logStream),
    ...(keys ? { secrets: Keyring.fromConfig({ keys }) } : {}),
    config: { sources: [], pkiDir: path.join(tmp, 'client-pki') },
  });
  const rows = async () =>
    (
      await h
        .db('ingestion_secrets')
        .query<{ id: string; config: { user?: { password?: string } } }>('SELECT id, config FROM ingestion_sources ORDER BY id')
    ).rows;
  const listed = async (service: IngestionService) =>
    (await service.app.inject({ method: 'GET', url: '/api/v1/ingestion/sources' })).json().sources as {
      id: string;
      readings: number;
      state: string;
      error: string | null;
    }[];
  const source = (id: string) => ({
    id,
    protocol: 'opcua',
    endpoint: server.endpointUrl,
    securityMode: 'None',
    user: { username: 'operator', password: PASSWORD },
  });

  beforeAll(async () => {
    h = await createTestHarness();
    server = await startOpcUaServer(createPlant({ seed: 5, accel: 600 }), {
      port: await freePort(),
      host: '127.0.0.1',
      pkiDir: path.join(tmp, 'server-pki'),
      securityModes: ['None', 'SignAndEncrypt'],
      users: [{ username: 'operator', password: PASSWORD }],
    });
  });
  afterAll(async () => {
    await server?.stop();
    await h?.close();
  });

  it('stores the password sealed, connects with it, and keeps it out of every response', async () => {
    const service = createIngestionService(deps(K1));
    await service.start();
    const added = await service.app.inject({ method: 'POST', url: '/api/v1/ingestion/sources', payload: { source: source('sim') } });
    expect(added.statusCode).toBe(201);
    expect(added.body).not.toContain(PASSWORD);
    const [row] = await rows();
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(row!.config.user!.password).toMatch(/^v1:k1:/);
    await eventually(async () => (await listed(service))[0]!.readings > 0, 15_000);
    for (const url of ['/api/v1/ingestion/sources', '/api/v1/ingestion/health', '/actuator/health']) {
      expect((await service.app.inject({ method: 'GET', url })).body).not.toContain(PASSWORD);
    }
    await service.stop();
  });

  it('seals legacy plaintext rows and reseals old ones with the new key at start (rotation); both still connect', async () => {
    const legacy = source('legacy');
    await h
      .db('ingestion_secrets')
      .query('INSERT INTO ingestion_sources (id, config) VALUES ($1, $2)', [legacy.id, JSON.stringify(legacy)]);
    const service = createIngestionService(deps(`${K2},${K1}`));
    await service.start();
    const stored = await rows();
    expect(stored.map((r) => r.id)).toEqual(['legacy', 'sim']);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    for (const r of stored) expect(r.config.user!.password).toMatch(/^v1:k2:/);
    await eventually(async () => (await listed(service)).every((s) => s.readings > 0), 20_000);
    await service.stop();
    // k1 can now be dropped: every row opens with k2 alone.
    expect(
      stored.map((r) => Keyring.fromConfig({ keys: K2 }).open(r.config.user!.password!, `ingestion_sources/${r.id}/user.password`)),
    ).toEqual([PASSWORD, PASSWORD]);
  });

  it('reports a wrong or missing key as a clear error on the source, and refuses to store a secret without a key', async () => {
    const wrongBytes = createIngestionService(deps(generateDataKey('k2')));
    await wrongBytes.start();
    for (const s of await listed(wrongBytes))
      expect(s).toMatchObject({ state: 'error', readings: 0, error: expect.stringMatching(/^SECRET_DECRYPT_FAILED: .*key k2/) });
    await wrongBytes.stop();

    const unknownKey = createIngestionService(deps(generateDataKey('k3')));
    await unknownKey.start();
    // The reseal pass cannot open k2 values: rows are left as they are, the sources report it.
    expect((await rows()).every((r) => r.config.user!.password!.startsWith('v1:k2:'))).toBe(true);
    for (const s of await listed(unknownKey)) expect(s.error).toMatch(/^SECRET_KEY_UNKNOWN: .*key k2/);
    await unknownKey.stop();

    const noKey = createIngestionService(deps(null));
    await noKey.start();
    for (const s of await listed(noKey)) expect(s.error).toMatch(/^SECRET_KEY_MISSING/);
    const refused = await noKey.app.inject({
      method: 'POST',
      url: '/api/v1/ingestion/sources',
      payload: { source: source('nokey'), start: false },
    });
    expect(refused.statusCode).toBe(500);
    expect(refused.json().error.code).toBe('SECRET_KEY_MISSING');
    expect(refused.body).not.toContain(PASSWORD);
    expect((await rows()).map((r) => r.id)).toEqual(['legacy', 'sim']);
    await noKey.stop();
  });

  it('never logged the password (debug level, every run above)', () => {
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('')).not.toContain(PASSWORD);
  });
});

describe('secret fields of each protocol', () => {
  it('seals the MQTT password and the OPC UA user password, nothing else, and masks them', () => {
    const ring = Keyring.fromConfig({ keys: K1 });
    const mqtt = SourceConfigSchema.parse({
      id: 'broker',
      protocol: 'mqtt',
      url: 'mqtt://127.0.0.1:1883',
      username: 'vigie',
      password: PASSWORD,
      format: 'json',
      json: { subscriptions: [{ topic: 'plant/#', mapping: { assetId: '$topic[1]', sensorId: '/id', value: '/v' } }] },
    });
    expect(hasPlainSecrets(mqtt)).toBe(true);
    const sealed = sealSource(ring, mqtt).config;
    expect(hasPlainSecrets(sealed)).toBe(false);
    expect(JSON.stringify(sealed)).not.toContain(PASSWORD);
    expect({ ...sealed, password: undefined }).toEqual({ ...mqtt, password: undefined });
    expect(openSource(ring, sealed)).toEqual(mqtt);
    expect(() => openSource(ring, { ...sealed, id: 'other' })).toThrow(/does not open/);
    expect(maskSource(mqtt)).toMatchObject({ username: 'vigie', password: '********' });
    const anonymous = SourceConfigSchema.parse({ id: 'anon', protocol: 'opcua', endpoint: 'opc.tcp://h:4840' });
    expect(sealSource(undefined, anonymous)).toEqual({ config: anonymous, changed: false });
  });
});
