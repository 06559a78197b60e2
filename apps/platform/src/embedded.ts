import path from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@vigie/contracts';
import { createLogger, InMemoryEventBus, PgliteDatabase, SharedSchemaHost, type Logger, type Service } from '@vigie/service-kit';
import { startDashboardServer } from './dashboard-server';
import { buildService } from './services';
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
  const services = new Map<ServiceName, Service>();
  for (const name of SERVICE_NAMES) {
    const service = buildService(name, { bus, db: host.forSchema(schemaOf(name)), logger: logger.child({ service: name }) }, s, { autoStartSources: false });
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
  await services.get('ingestion-iiot')!.app.inject({ method: 'POST', url: '/api/v1/ingestion/start', payload: {} });
  const dashboard = await startDashboardServer({ port: dashboardPort(s), host: s.host, monitoringPort: servicePort(s, 'monitoring'), logger: logger.child({ service: 'factory-dashboard' }) });
  logger.info({ seconds: (Date.now() - started) / 1000, dashboard: `http://localhost:${dashboardPort(s)}` }, 'Vigie is running (embedded profile)');

  let stopping: Promise<void> | null = null;
  return {
    services,
    simulator,
    stop: () =>
      (stopping ??= (async () => {
        await dashboard.close();
        for (const name of [...SERVICE_NAMES].reverse()) await services.get(name)!.stop();
        await simulator?.server.stop();
        await bus.close();
        await host.close();
      })()),
  };
}
