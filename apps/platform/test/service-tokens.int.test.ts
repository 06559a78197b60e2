import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFeatureSource } from '@vigie/anomaly-detection';
import { buildCatalog } from '@vigie/plant-simulator';
import {
  AppError,
  AssetCatalog,
  ClientCredentials,
  createLogger,
  generateDataKey,
  InMemoryEventBus,
  Keyring,
  PgliteDatabase,
  SharedSchemaHost,
  type AuthConfig,
  type Service,
} from '@vigie/service-kit';
import { API_AUDIENCE, serviceClientId, startIssuer, type ClientOwner, type RunningIssuer } from '../src/identity';
import { buildService } from '../src/services';
import { loadSettings, schemaOf, servicePort, serviceUrl } from '../src/settings';

/**
 * Issue 9, "service-to-service calls use client credentials": the real embedded issuer, ingestion-iiot and
 * feature-extraction built as the platform builds them with authentication on, listening on real ports. A service's
 * client (`vigie-<service>`) gets its own token by the client_credentials grant (token endpoint found by discovery)
 * and its calls go through; without a token they are refused with 401.
 */
const logger = createLogger('service-tokens', 'silent');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('service-to-service calls with each service’s own client credentials (embedded issuer)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-service-tokens-'));
  process.env.XDG_CONFIG_HOME ??= dataDir; // node-opcua's PKI defaults
  const settings = loadSettings({}, { dataDir, portOffset: 13_000, host: '127.0.0.1' });
  let db: PgliteDatabase;
  let issuer: RunningIssuer;
  let bus: InMemoryEventBus;
  const services: Service[] = [];
  const providerOf = async (owner: ClientOwner) =>
    new ClientCredentials({ clientId: serviceClientId(owner), clientSecret: await issuer.serviceClientSecret(owner), issuer: issuer.url });

  beforeAll(async () => {
    const port = await freePort();
    db = await PgliteDatabase.open();
    const host = new SharedSchemaHost(db);
    issuer = await startIssuer({
      issuerUrl: `http://127.0.0.1:${port}`,
      port,
      host: '127.0.0.1',
      dashboardOrigins: ['http://localhost:3000'],
      db: host.forSchema('identity'),
      keyring: Keyring.fromConfig({ keys: generateDataKey('t1') }),
      logger,
      print: () => {},
    });
    const auth: AuthConfig = { issuer: issuer.url, audience: API_AUDIENCE, clockToleranceSeconds: 5 };
    bus = new InMemoryEventBus();
    for (const name of ['ingestion-iiot', 'feature-extraction'] as const) {
      const deps = { bus, db: host.forSchema(schemaOf(name)), logger, auth, tokenProvider: await providerOf(name) };
      const service = buildService(name, deps, settings, { autoStartSources: false });
      await service.listen(servicePort(settings, name), '127.0.0.1');
      services.push(service);
    }
    const ingestion = services[0] as Service & { repository: { upsertCatalog(source: string, assets: unknown[]): Promise<void> } };
    await ingestion.repository.upsertCatalog(
      'plant-opcua',
      buildCatalog().filter((a) => a.id === 'P-101'),
    );
  });

  afterAll(async () => {
    for (const service of services.reverse()) await service.stop();
    await bus?.close();
    await issuer?.close();
    await db?.close();
  });

  it('monitoring’s AssetCatalog reads the asset list with the vigie-monitoring token, and is refused without one', async () => {
    const url = serviceUrl(settings, 'ingestion-iiot');
    const anonymous = await fetch(`${url}/api/v1/ingestion/assets`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('AUTH_TOKEN_MISSING');
    const warnings: string[] = [];
    const watched = createLogger('service-tokens', 'silent');
    watched.warn = ((o: { err?: string }, msg: string) => void warnings.push(`${msg}: ${o.err}`)) as typeof watched.warn;
    const without = new AssetCatalog(url, 5000, watched, 'asset list refused');
    expect(await without.refresh()).toBe(false);
    expect(without.list()).toEqual([]);
    expect(warnings).toEqual(['asset list refused: HTTP 401']);

    const provider = await providerOf('monitoring');
    const catalog = new AssetCatalog(url, 5000, watched, 'asset list refused', provider);
    expect(await catalog.refresh()).toBe(true);
    expect(catalog.typeOf('P-101')).toBe('centrifugal-pump');
    expect(warnings).toHaveLength(1);
    // Its own token: client vigie-monitoring, role service only, for the Vigie API.
    const claims = decodeJwt(await provider.token());
    expect(claims).toMatchObject({ client_id: 'vigie-monitoring', roles: ['service'], aud: API_AUDIENCE, iss: issuer.url });
  });

  it('anomaly-detection reads stored features from feature-extraction with the vigie-anomaly-detection token', async () => {
    const featuresUrl = serviceUrl(settings, 'feature-extraction');
    const withToken = httpFeatureSource(featuresUrl, await providerOf('anomaly-detection'));
    expect(await withToken('P-101', 1)).toEqual([]); // nothing stored yet: an empty page, not a refusal
    const err = await httpFeatureSource(featuresUrl)('P-101', 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toBe('feature-extraction answered 401');
  });

  it('a client with a wrong secret gets no token: AUTH_CLIENT_CREDENTIALS_FAILED', async () => {
    const wrong = new ClientCredentials({ clientId: serviceClientId('monitoring'), clientSecret: 'not-the-secret', issuer: issuer.url });
    const err = await wrong.token().catch((e: unknown) => e);
    expect((err as AppError).code).toBe('AUTH_CLIENT_CREDENTIALS_FAILED');
    expect((err as AppError).message).toContain('HTTP 401 invalid_client');
    expect((err as AppError).message).not.toContain('not-the-secret');
    // The catalog turns it into an outage note, never a crash.
    const catalog = new AssetCatalog(serviceUrl(settings, 'ingestion-iiot'), 5000, logger, undefined, wrong);
    expect(await catalog.refresh()).toBe(false);
  });
});
