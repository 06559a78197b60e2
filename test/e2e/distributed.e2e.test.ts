import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES, TOPICS, dlqTopic, type ServiceName } from '@vigie/contracts';
import {
  DLQ_HEADERS,
  generateDataKey,
  KafkaEventBus,
  Keyring,
  PgliteDatabase,
  PostgresDatabase,
  SharedSchemaHost,
  silentLogger,
} from '@vigie/service-kit';
import { API_AUDIENCE, serviceClientId, startIssuer, type RunningIssuer } from '../../apps/platform/src/identity';
import { externalDashboardAuth, loadSettings } from '../../apps/platform/src/settings';
import { buildDashboard, launchChromium, openSignedIn } from './browser';
import { readWholeTopic } from './kafka-reader';
import { allUp, baseUrl, chainComplete, getJson, spawnVigie, stopProcess, tempDir, UserSession, waitFor } from './support';

/**
 * The distributed profile: every service its own process on the real Kafka broker and PostgreSQL server that the
 * test command starts (fresh ones: topics and consumer groups carry the production names), with authentication on
 * against an OIDC issuer outside the services (Vigie's own oidc-provider issuer, run by this test as a deployment
 * would run Keycloak): VIGIE_AUTH_ISSUER for every service, and each service's own client credentials from
 * VIGIE_AUTH_CLIENTS_FILE for its calls to the others. REST calls of the test carry the admin's token.
 */
const brokers = process.env.VIGIE_TEST_KAFKA_BROKERS;
const adminUrl = process.env.VIGIE_TEST_DATABASE_URL;
if (!brokers || !adminUrl) {
  throw new Error('VIGIE_TEST_KAFKA_BROKERS and VIGIE_TEST_DATABASE_URL are not set: run this through `npm test`, which starts Kafka and PostgreSQL.');
}

// Fixed test ports stay below 32768, where Linux starts its ephemeral range (32768–60999): a port in that range can be
// held at that moment as the local end of an outgoing connection (Kafka, PostgreSQL, HTTP), and listening fails with
// EADDRINUSE (seen once in CI on 127.0.0.1:34000 with the former offset 31_000).
const OFFSET = 21_000;
const dbName = `vigie_e2e_${process.pid}`;
const dbUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The issuer these services trust, and an admin session at it (the password its first run printed). */
const issuerPort = await freePort();
const issuerDb = await PgliteDatabase.open();
let banner = '';
const issuer: RunningIssuer = await startIssuer({
  issuerUrl: `http://127.0.0.1:${issuerPort}`,
  port: issuerPort,
  host: '127.0.0.1',
  dashboardOrigins: [`http://127.0.0.1:${3000 + OFFSET}`],
  db: new SharedSchemaHost(issuerDb).forSchema('identity'),
  keyring: Keyring.fromConfig({ keys: generateDataKey('issuer') }),
  logger: silentLogger(),
  print: (text) => (banner += text),
});
const adminPassword = /password: (\S+)/.exec(banner)![1]!;
const session = new UserSession(issuer.url, `http://127.0.0.1:${3000 + OFFSET}`, 'admin', adminPassword);
const token = (): Promise<string> => session.token();

describe('distributed profile: eight processes on Kafka and PostgreSQL', () => {
  const dataDir = tempDir('vigie-e2e-distributed-');
  const env = {
    KAFKA_BROKERS: brokers,
    DATABASE_URL: dbUrl,
    VIGIE_PORT_OFFSET: String(OFFSET),
    VIGIE_DATA_DIR: dataDir,
    XDG_CONFIG_HOME: dataDir,
    VIGIE_HOST: '127.0.0.1',
    // The distributed profile requires the key that seals secrets at rest (ingestion's source credentials).
    VIGIE_DATA_KEYS: generateDataKey('e2e'),
    VIGIE_AUTH_ISSUER: issuer.url,
    VIGIE_AUTH_AUDIENCE: API_AUDIENCE,
    VIGIE_AUTH_CLIENTS_FILE: path.join(dataDir, 'clients.json'),
  };
  const processes = new Map<ServiceName | 'simulator', ChildProcess>();
  const spawnService = (name: ServiceName) =>
    processes.set(name, spawnVigie(['start', '--profile', 'distributed', '--service', name], env, path.join(dataDir, `${name}.log`)));
  let bus: KafkaEventBus;
  let db: PostgresDatabase;

  beforeAll(async () => {
    const admin = await PostgresDatabase.fromConfig({ url: adminUrl, poolSize: 1 });
    await admin.exec(`CREATE DATABASE ${dbName}`);
    await admin.close();
    db = await PostgresDatabase.fromConfig({ url: dbUrl, poolSize: 2 });
    const clients = Object.fromEntries(
      await Promise.all(SERVICE_NAMES.map(async (n) => [n, { id: serviceClientId(n), secret: await issuer.serviceClientSecret(n) }])),
    );
    writeFileSync(env.VIGIE_AUTH_CLIENTS_FILE, JSON.stringify(clients), { mode: 0o600 });
    bus = KafkaEventBus.fromConfig({ brokers: brokers.split(','), clientId: 'vigie-e2e' });
    processes.set('simulator', spawnVigie(['simulator'], env, path.join(dataDir, 'simulator.log')));
    for (const name of SERVICE_NAMES) spawnService(name);
  });
  afterAll(async () => {
    await Promise.all([...processes.values()].map((p) => stopProcess(p)));
    await bus?.close();
    await db?.close();
    await issuer.close();
    await issuerDb.close();
  });

  it('starts every service as its own process, all UP', async () => {
    await waitFor('all services UP', () => allUp(SERVICE_NAMES, OFFSET), 120_000);
    const pids = new Set([...processes.values()].map((p) => p.pid));
    expect(pids.size).toBe(SERVICE_NAMES.length + 1);
    // Secured: an anonymous caller is refused, the admin's token is accepted.
    expect((await getJson(`${baseUrl('monitoring', OFFSET)}/api/v1/monitoring/assets`)).status).toBe(401);
    expect((await getJson(`${baseUrl('monitoring', OFFSET)}/api/v1/monitoring/assets`, await token())).status).toBe(200);
    await waitFor('readings flowing into sensor_data', async () => {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM ingestion_iiot.sensor_data');
      return Number(rows[0]!.n) > 100;
    }, 60_000);
  });

  it('dead-letters a malformed sensor-data message with its reason while the pipeline keeps flowing', async () => {
    await bus.publish(TOPICS.sensorData, [{ key: 'P-101', value: '{"specversion":"1.0","broken":' }]);
    const dead = await waitFor('a message on sensor-data.dlq', async () => {
      const all = await readWholeTopic(bus, dlqTopic(TOPICS.sensorData));
      return all.find((m) => m.headers[DLQ_HEADERS.consumer] === 'preprocessing');
    }, 30_000);
    expect(dead.headers[DLQ_HEADERS.code]).toBe('EVENT_NOT_JSON');
    expect(dead.headers[DLQ_HEADERS.reason]).toMatch(/JSON/);
    const before = (await getJson(`${baseUrl('preprocessing', OFFSET)}/api/v1/preprocessing/stats`, await token())).body;
    expect(before.deadLettered).toBe(1);
    await waitFor('preprocessing still emitting', async () => (await getJson(`${baseUrl('preprocessing', OFFSET)}/api/v1/preprocessing/stats`, await token())).body.emitted > before.emitted, 20_000);
  });

  it('survives a SIGKILL of the windowing service mid-stream and completes the chain', async () => {
    const victim = processes.get('feature-extraction')!;
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    await new Promise((r) => setTimeout(r, 3000));
    spawnService('feature-extraction');
    await waitFor('feature-extraction UP again', () => allUp(['feature-extraction'], OFFSET), 60_000);
    const chain = await waitFor('P-101 anomaly + RUL + work order', async () => chainComplete('P-101', OFFSET, await token()), 240_000, 2000);
    expect(chain.workOrders).toBeGreaterThan(0);
    const bad = await fetch(`${baseUrl('maintenance-orchestrator', OFFSET)}/api/v1/work-orders`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` }, body: '{"assetId":' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('MALFORMED_JSON');
    // Monitoring describes P-101 from ingestion's asset list, fetched with its own token.
    await waitFor(
      'P-101 described by the asset list in monitoring',
      async () =>
        (await getJson(`${baseUrl('monitoring', OFFSET)}/api/v1/monitoring/assets`, await token())).body.assets.find(
          (a: { id: string }) => a.id === 'P-101',
        )?.type === 'centrifugal-pump',
      30_000,
    );
    // Each service called the others with its own token: none was refused, none started without client credentials.
    for (const name of SERVICE_NAMES) {
      const log = readFileSync(path.join(dataDir, `${name}.log`), 'utf8');
      expect(log, name).not.toMatch(/HTTP 401|no client credentials|AUTH_CLIENT_CREDENTIALS_FAILED/);
      expect(log, name).toContain('bearer-JWT authentication and RBAC on /api/v1 and /ws');
    }
  });

  it("serves the dashboard signed in at the external issuer (VIGIE_AUTH_ISSUER), with live data through monitoring", async () => {
    // The dashboard server as the distributed supervisor starts it, from the same environment as the services.
    const settings = loadSettings({ ...env, VIGIE_PROFILE: 'distributed' });
    const auth = externalDashboardAuth(settings);
    expect(auth).toEqual({ issuer: issuer.url, clientId: 'vigie-dashboard' });
    const dist = path.join(dataDir, 'dashboard-dist');
    buildDashboard(dist);
    process.env.VIGIE_DASHBOARD_DIST = dist; // read when the module loads
    const { startDashboardServer } = await import('../../apps/platform/src/dashboard-server');
    const dashboardPort = 3000 + OFFSET;
    const dashboard = await startDashboardServer({
      port: dashboardPort,
      host: '127.0.0.1',
      monitoringPort: 8086 + OFFSET,
      logger: silentLogger(),
      auth,
      tls: null,
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const origin = `http://127.0.0.1:${dashboardPort}`;
      // An anonymous tab is sent to the external issuer's login page, then back to the page asked for.
      await openSignedIn(page, '/', { dashboard: origin, issuer: issuer.url, user: 'admin', password: adminPassword }, 60_000);
      await page.getByTestId('page-overview').waitFor({ timeout: 60_000 });
      // Live data through monitoring with the user's token: P-101 is on the overview.
      await expect.poll(() => page.getByTestId('page-overview').innerText(), { timeout: 60_000, interval: 1000 }).toContain('P-101');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await dashboard.close();
      delete process.env.VIGIE_DASHBOARD_DIST;
    }
  });

  it('stores every published reading exactly once and no downstream table holds a duplicate', async () => {
    const stopped = await fetch(`${baseUrl('ingestion-iiot', OFFSET)}/api/v1/ingestion/stop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
      body: '{}',
    });
    expect(stopped.status).toBeLessThan(300);
    const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);
    // Wait until the pipeline is drained: every table stops changing.
    let last = '';
    await waitFor('pipeline drained', async () => {
      const now = JSON.stringify(await Promise.all([
        count('SELECT count(*) AS n FROM ingestion_iiot.sensor_data'),
        count('SELECT count(*) AS n FROM preprocessing.preprocessed_data'),
        count('SELECT count(*) AS n FROM feature_extraction.extracted_features'),
        count('SELECT count(*) AS n FROM anomaly_detection.anomaly_events'),
        count('SELECT count(*) AS n FROM rul_prediction.rul_predictions'),
      ]));
      const stable = now === last;
      last = now;
      return stable;
    }, 90_000, 5000);

    const sensorMessages = await readWholeTopic(bus, TOPICS.sensorData);
    const readings = new Set<string>();
    let published = 0;
    for (const m of sensorMessages) {
      let event;
      try {
        event = JSON.parse(m.value.toString());
      } catch {
        continue; // the malformed message of the DLQ test
      }
      for (const s of event.data.samples) {
        readings.add(`${event.data.sensorId}|${s.ts}`);
        published++;
      }
    }
    expect(published).toBe(readings.size); // nothing was published twice by ingestion
    expect(await count('SELECT count(*) AS n FROM ingestion_iiot.sensor_data')).toBe(readings.size);

    const distinct = async (topic: string, key: (e: { id: string; data: Record<string, unknown> }) => string[]) => {
      const ids = new Set<string>();
      for (const m of await readWholeTopic(bus, topic)) for (const k of key(JSON.parse(m.value.toString()))) ids.add(k);
      return ids.size;
    };
    // Each service publishes before it stores (a crash in between replays both): a table may trail its topic for a
    // moment on a loaded machine even after the counts held still for 5 s, so each pair gets a bounded wait to agree.
    // A lost row keeps them apart and fails with both counts.
    const agree = async (table: string, topicIds: () => Promise<number>) => {
      let seen = '';
      try {
        await waitFor(`${table} to hold every id on its topic`, async () => {
          const [rows, ids] = [await count(`SELECT count(*) AS n FROM ${table}`), await topicIds()];
          seen = `${rows} rows, ${ids} ids`;
          return rows === ids;
        }, 60_000, 2000);
      } catch (err) {
        throw new Error(`${table}: ${seen} (${(err as Error).message})`);
      }
    };
    await agree('preprocessing.preprocessed_data', () =>
      distinct(TOPICS.preprocessedData, (e) => (e.data.samples as { ts: number }[]).map((s) => `${e.data.sensorId}|${s.ts}`)),
    );
    await agree('feature_extraction.extracted_features', () => distinct(TOPICS.extractedFeatures, (e) => [e.id]));
    await agree('anomaly_detection.anomaly_events', () => distinct(TOPICS.anomaliesDetected, (e) => [e.id]));
    await agree('rul_prediction.rul_predictions', () => distinct(TOPICS.rulPredictions, (e) => [e.id]));

    // The killed windowing service lost no sample and emitted no partial window: each stored window holds exactly
    // the preprocessed samples of its interval.
    const partial = await count(`
      SELECT count(*) AS n FROM feature_extraction.extracted_features f
       WHERE f.sample_count <> (SELECT count(*) FROM preprocessing.preprocessed_data p
                                 WHERE p.sensor_id = f.sensor_id AND p.ts >= f.window_start AND p.ts < f.window_end)`);
    expect(partial).toBe(0);
    expect(await count(`
      SELECT count(*) AS n FROM (SELECT asset_id, cause FROM maintenance_orchestrator.work_orders
        WHERE status NOT IN ('done', 'cancelled') AND cause <> 'manual' GROUP BY asset_id, cause HAVING count(*) > 1) d`)).toBe(0);
  });
});
