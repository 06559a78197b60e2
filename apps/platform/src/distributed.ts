import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVICE_NAMES, type ServiceName } from '@vigie/contracts';
import { createLogger, KafkaEventBus, PostgresDatabase, quoteIdentifier, type Logger } from '@vigie/service-kit';
import { startDashboardServer } from './dashboard-server';
import { serviceClientEnv, serviceTokenProvider } from './service-clients';
import { buildService, keyringFor } from './services';
import { dashboardPort, externalDashboardAuth, schemaOf, servicePort, type PlatformSettings } from './settings';
import { startSimulator } from './simulator';

function requireDatabaseUrl(s: PlatformSettings): string {
  if (!s.databaseUrl)
    throw new Error(
      'the distributed profile needs DATABASE_URL (e.g. postgres://vigie:vigie@127.0.0.1:15432/vigie; `npm run stack -- start` runs one)',
    );
  return s.databaseUrl;
}

/** Creates the service's schema, then connects with it first on the search path. */
async function openServiceDatabase(url: string, name: ServiceName): Promise<PostgresDatabase> {
  const admin = await PostgresDatabase.fromConfig({ url, poolSize: 1, applicationName: `vigie-${name}-setup` });
  try {
    await admin.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schemaOf(name))}`);
  } finally {
    await admin.close();
  }
  return await PostgresDatabase.fromConfig({ url, poolSize: 10, applicationName: `vigie-${name}`, searchPath: [schemaOf(name), 'public'] });
}

/**
 * One service in this process, on Kafka and PostgreSQL (the distributed profile's unit of deployment). Its client
 * credentials for calls to the other services: VIGIE_AUTH_CLIENT_ID/SECRET, or its entry in VIGIE_AUTH_CLIENTS_FILE.
 */
export async function runService(
  name: ServiceName,
  s: PlatformSettings,
  logger: Logger = createLogger(name),
): Promise<() => Promise<void>> {
  const tokenProvider = serviceTokenProvider(s, name, process.env);
  const db = await openServiceDatabase(requireDatabaseUrl(s), name);
  const bus = KafkaEventBus.fromConfig({ brokers: s.kafkaBrokers, clientId: `vigie-${name}`, tls: s.kafkaTls }, logger);
  const service = buildService(name, { bus, db, logger, tokenProvider }, s);
  await service.listen(servicePort(s, name), s.host);
  return async () => {
    await service.stop();
    await bus.close();
    await db.close();
  };
}

/** The newest reading already stored, read before the simulator starts so the plant clock moves forward. */
async function latestReadingTs(url: string): Promise<number | null> {
  const db = await PostgresDatabase.fromConfig({ url, poolSize: 1 });
  try {
    const { rows } = await db.query<{ last: Date | null }>('SELECT max(ts) AS last FROM ingestion_iiot.sensor_data');
    return rows[0]?.last ? new Date(rows[0].last).getTime() : null;
  } catch {
    return null; // first run: the table does not exist yet
  } finally {
    await db.close();
  }
}

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

/** Supervisor: each service in its own child process (restarted if it dies), simulator and dashboard here. */
export async function startDistributed(s: PlatformSettings, logger: Logger = createLogger('platform')): Promise<() => Promise<void>> {
  const url = requireDatabaseUrl(s);
  keyringFor(s, logger); // fails here, once, with SECRET_KEY_MISSING rather than in every restarted child
  for (const name of SERVICE_NAMES) serviceClientEnv(s, name); // likewise for a malformed VIGIE_AUTH_CLIENTS_FILE
  const simulator = s.simulator.enabled ? await startSimulator(s, await latestReadingTs(url)) : null;
  const children = new Map<ServiceName, ChildProcess>();
  let stopping = false;
  const spawnService = (name: ServiceName, attempt = 0): void => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'start', '--profile', 'distributed', '--service', name], {
      stdio: 'inherit',
      env: process.env,
    });
    children.set(name, child);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      const delay = Math.min(30_000, 1000 * 2 ** attempt);
      logger.error({ service: name, code, signal, restartInMs: delay }, 'service process exited; restarting');
      setTimeout(() => spawnService(name, attempt + 1), delay);
    });
  };
  for (const name of SERVICE_NAMES) spawnService(name);
  const auth = externalDashboardAuth(s);
  const dashboard = await startDashboardServer({
    port: dashboardPort(s),
    host: s.host,
    monitoringPort: servicePort(s, 'monitoring'),
    logger,
    ...(auth ? { auth } : {}),
  });
  logger.info({ dashboard: `http://localhost:${dashboardPort(s)}`, kafka: s.kafkaBrokers }, 'Vigie is running (distributed profile)');
  return async () => {
    stopping = true;
    await dashboard.close();
    await Promise.all(
      [...children.values()].map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
    await simulator?.server.stop();
  };
}
