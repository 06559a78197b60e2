import path from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@vigie/contracts';
import {
  ClientCredentials,
  createLogger,
  InMemoryEventBus,
  PgliteDatabase,
  SharedSchemaHost,
  type Logger,
  type Service,
  type TokenProvider,
} from '@vigie/service-kit';
import { startDashboardServer } from './dashboard-server';
import { API_AUDIENCE, DASHBOARD_CLIENT_ID, serviceClientId, startIssuer, type ClientOwner, type RunningIssuer } from './identity';
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
export interface EmbeddedOptions {
  /** Where the first-run banner with the admin password goes: stdout by default (a bench in this process reads it). */
  readonly print?: (text: string) => void;
}

export async function startEmbedded(
  s: PlatformSettings,
  logger: Logger = createLogger('platform'),
  options: EmbeddedOptions = {},
): Promise<RunningPlatform> {
  process.env.XDG_CONFIG_HOME ??= path.join(s.dataDir, 'xdg'); // node-opcua keeps its PKI defaults there
  const started = Date.now();
  const bus = new InMemoryEventBus({ dataDir: path.join(s.dataDir, 'bus'), logger });
  const host = new SharedSchemaHost(await PgliteDatabase.open({ dataDir: path.join(s.dataDir, 'pglite') }));
  const identity = s.auth.mode === 'embedded' ? await startIdentity(s, host, logger, options.print) : null;
  if (!identity) logger.warn('authentication is OFF (VIGIE_AUTH=off): anyone who can reach the services may call their API');
  const services = new Map<ServiceName, Service>();
  for (const name of SERVICE_NAMES) {
    // Each service calls the others with its own client's token (null: auth off, its calls carry none).
    const tokenProvider = identity ? await identity.credentialsOf(name) : null;
    const deps = { bus, db: host.forSchema(schemaOf(name)), logger: logger.child({ service: name }), tokenProvider };
    services.set(name, buildService(name, deps, s, { autoStartSources: false }));
  }
  // Listen in pipeline order; ingestion's sources start last, once the simulator is up.
  for (const [name, service] of services) await service.listen(servicePort(s, name), s.host);
  let simulator: RunningSimulator | null = null;
  if (s.simulator.enabled) {
    const ingestion = services.get('ingestion-iiot') as Service & { repository: { latestReadingTs(): Promise<number | null> } };
    simulator = await startSimulator(s, await ingestion.repository.latestReadingTs());
    logger.info({ endpoint: simulator.server.endpointUrl, accel: s.simulator.accel }, 'demo plant simulator started');
  }
  // Starting the sources is an admin action: the launcher's own `vigie-platform` client (service + admin) does it.
  const headers = identity ? { authorization: `Bearer ${await (await identity.credentialsOf('platform')).token()}` } : {};
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
        await identity?.issuer.close();
        await bus.close();
        await host.close();
      })()),
  };
}

/**
 * VIGIE_AUTH=embedded (the default): the OIDC issuer on the `identity` schema (first run prints the admin password
 * once), then VIGIE_AUTH_ISSUER/VIGIE_AUTH_AUDIENCE for the services built next (service-kit reads them), and for each
 * client owner (a service, or the launcher) a token provider for its own `vigie-<owner>` client.
 */
async function startIdentity(
  s: PlatformSettings,
  host: SharedSchemaHost,
  logger: Logger,
  print: ((text: string) => void) | undefined,
): Promise<{ issuer: RunningIssuer; credentialsOf: (owner: ClientOwner) => Promise<TokenProvider> }> {
  const port = dashboardPort(s);
  const issuer = await startIssuer({
    issuerUrl: s.auth.issuerUrl,
    port: s.auth.issuerPort,
    host: s.host,
    dashboardOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
    db: host.forSchema('identity'),
    keyring: keyringFor(s, logger),
    logger: logger.child({ service: 'identity' }),
    ...(print ? { print } : {}),
  });
  process.env.VIGIE_AUTH_ISSUER = issuer.url;
  process.env.VIGIE_AUTH_AUDIENCE = API_AUDIENCE;
  // The token endpoint on loopback, as the services reach the issuer in this process (VIGIE_ISSUER_URL is the public name).
  const tokenUrl = `http://127.0.0.1:${s.auth.issuerPort}/token`;
  const providers = new Map<ClientOwner, TokenProvider>();
  const credentialsOf = async (owner: ClientOwner): Promise<TokenProvider> => {
    let provider = providers.get(owner);
    if (!provider) {
      const clientSecret = await issuer.serviceClientSecret(owner);
      provider = new ClientCredentials({ clientId: serviceClientId(owner), clientSecret, tokenUrl });
      providers.set(owner, provider);
    }
    return provider;
  };
  return { issuer, credentialsOf };
}
