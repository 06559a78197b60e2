import path from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@vigie/contracts';
import { createLogger, InMemoryEventBus, PgliteDatabase, SharedSchemaHost, type Logger, type Service } from '@vigie/service-kit';
import { startDashboardServer } from './dashboard-server';
import {
  API_AUDIENCE,
  authenticateInternalCalls,
  ClientCredentials,
  DASHBOARD_CLIENT_ID,
  serviceClientId,
  startIssuer,
  type RunningIssuer,
} from './identity';
import { buildService, keyringFor } from './services';
import { dashboardPort, schemaOf, servicePort, type PlatformSettings } from './settings';
import { startSimulator, type RunningSimulator } from './simulator';

export interface RunningPlatform {
  services: Map<ServiceName, Service>;
  simulator: RunningSimulator | null;
  stop(): Promise<void>;
}

/**
 * One service of the embedded profile alone in this process, on the bus log and PGlite cluster of the data directory
 * (its own schema), wired as the whole platform wires it: a service restarted by itself finds its state. PGlite
 * allows one process per cluster, so the whole platform and a lone service must not run on one data directory at once.
 */
export async function runEmbeddedService(
  name: ServiceName,
  s: PlatformSettings,
  logger: Logger = createLogger(name),
): Promise<() => Promise<void>> {
  const bus = new InMemoryEventBus({ dataDir: path.join(s.dataDir, 'bus'), logger });
  const host = new SharedSchemaHost(await PgliteDatabase.open({ dataDir: path.join(s.dataDir, 'pglite') }));
  const service = buildService(name, { bus, db: host.forSchema(schemaOf(name)), logger }, s);
  await service.listen(servicePort(s, name), s.host);
  return async () => {
    await service.stop();
    await bus.close();
    await host.close();
  };
}

/**
 * The embedded profile: the seven services and the dashboard in this process, each on its own port, on an
 * in-process bus and one PGlite cluster (a schema per service), both kept under the data directory.
 */
export async function startEmbedded(s: PlatformSettings, logger: Logger = createLogger('platform')): Promise<RunningPlatform> {
  process.env.XDG_CONFIG_HOME ??= path.join(s.dataDir, 'xdg'); // node-opcua keeps its PKI defaults there
  const started = Date.now();
  const bus = new InMemoryEventBus({ dataDir: path.join(s.dataDir, 'bus'), logger });
  const host = new SharedSchemaHost(await PgliteDatabase.open({ dataDir: path.join(s.dataDir, 'pglite') }));
  const identity = s.auth.mode === 'embedded' ? await startIdentity(s, host, logger) : null;
  const services = new Map<ServiceName, Service>();
  for (const name of SERVICE_NAMES) {
    const service = buildService(name, { bus, db: host.forSchema(schemaOf(name)), logger: logger.child({ service: name }) }, s, {
      autoStartSources: false,
    });
    services.set(name, service);
  }
  // Listen in pipeline order; ingestion's sources start last, once the simulator is up.
  for (const [name, service] of services) await service.listen(servicePort(s, name), s.host);
  let simulator: RunningSimulator | null = null;
  if (s.simulator.enabled) {
    const ingestion = services.get('ingestion-iiot') as Service & { repository: { latestReadingTs(): Promise<number | null> } };
    simulator = await startSimulator(s, await ingestion.repository.latestReadingTs());
    logger.info({ endpoint: simulator.server.endpointUrl, accel: s.simulator.accel }, 'demo plant simulator started');
  }
  const headers = identity ? { authorization: `Bearer ${await identity.credentials.token()}` } : {};
  const sourcesStarted = await services
    .get('ingestion-iiot')!
    .app.inject({ method: 'POST', url: '/api/v1/ingestion/start', payload: {}, headers });
  if (sourcesStarted.statusCode >= 400)
    logger.error({ status: sourcesStarted.statusCode, body: sourcesStarted.body }, 'could not start the ingestion sources');
  const dashboard = await startDashboardServer({
    port: dashboardPort(s),
    host: s.host,
    monitoringPort: servicePort(s, 'monitoring'),
    logger: logger.child({ service: 'factory-dashboard' }),
    ...(identity ? { auth: { issuer: identity.issuer.url, clientId: DASHBOARD_CLIENT_ID } } : {}),
  });
  logger.info(
    { seconds: (Date.now() - started) / 1000, dashboard: `http://localhost:${dashboardPort(s)}` },
    'Vigie is running (embedded profile)',
  );

  let stopping: Promise<void> | null = null;
  return {
    services,
    simulator,
    stop: () =>
      (stopping ??= (async () => {
        await dashboard.close();
        for (const name of [...SERVICE_NAMES].reverse()) await services.get(name)!.stop();
        await simulator?.server.stop();
        identity?.restoreFetch();
        await identity?.issuer.close();
        await bus.close();
        await host.close();
      })()),
  };
}

/**
 * VIGIE_AUTH=embedded: the OIDC issuer on the `identity` schema (first run prints the admin password once), then
 * VIGIE_AUTH_ISSUER/VIGIE_AUTH_AUDIENCE for the services built next (service-kit reads them), and the services' calls
 * to each other authenticated with the platform's client credentials.
 */
async function startIdentity(
  s: PlatformSettings,
  host: SharedSchemaHost,
  logger: Logger,
): Promise<{ issuer: RunningIssuer; credentials: ClientCredentials; restoreFetch: () => void }> {
  const port = dashboardPort(s);
  const issuer = await startIssuer({
    issuerUrl: s.auth.issuerUrl,
    port: s.auth.issuerPort,
    host: s.host,
    dashboardOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
    db: host.forSchema('identity'),
    keyring: keyringFor(s, logger),
    logger: logger.child({ service: 'identity' }),
  });
  process.env.VIGIE_AUTH_ISSUER = issuer.url;
  process.env.VIGIE_AUTH_AUDIENCE = API_AUDIENCE;
  const credentials = new ClientCredentials(
    `http://127.0.0.1:${s.auth.issuerPort}/token`,
    serviceClientId('platform'),
    await issuer.serviceClientSecret('platform'),
  );
  const origins = new Set(
    SERVICE_NAMES.flatMap((name) => [`http://127.0.0.1:${servicePort(s, name)}`, `http://localhost:${servicePort(s, name)}`]),
  );
  return { issuer, credentials, restoreFetch: authenticateInternalCalls(origins, credentials) };
}
