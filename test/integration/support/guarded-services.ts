import { SERVICE_NAMES, type ServiceName } from '@vigie/contracts';
import { createRulPredictionService } from '@vigie/rul-prediction';
import { buildService, loadSettings, modelRegistryFor, objectStoreFor, schemaOf, serviceUrl, type PlatformSettings } from '@vigie/platform';
import { InMemoryEventBus, PgliteDatabase, SharedSchemaHost, type AuthConfig, type Logger, type Service } from '@vigie/service-kit';

export interface GuardedServices {
  readonly settings: PlatformSettings;
  readonly services: ReadonlyMap<ServiceName, Service>;
  close(): Promise<void>;
}

/**
 * The seven services built as the embedded platform builds them (one in-process bus, one PGlite cluster, a schema
 * each), with authentication and RBAC on against `auth`, no simulator and no source started. `configure` runs on each
 * service before it starts (e.g. to collect its routes); `listen` puts each on its settings port (peers reach each
 * other over HTTP), otherwise they only start (tests use inject()).
 */
export async function startGuardedServices(options: {
  readonly dataDir: string;
  readonly portOffset: number;
  readonly logger: Logger;
  readonly auth: AuthConfig;
  readonly listen: boolean;
  readonly configure?: (name: ServiceName, service: Service) => void;
}): Promise<GuardedServices> {
  const settings = loadSettings(
    {},
    { dataDir: options.dataDir, portOffset: options.portOffset, host: '127.0.0.1', simulator: { ...loadSettings({}).simulator, enabled: false } },
  );
  const bus = new InMemoryEventBus();
  const host = new SharedSchemaHost(await PgliteDatabase.open());
  const services = new Map<ServiceName, Service>();
  for (const name of SERVICE_NAMES) {
    const deps = { bus, db: host.forSchema(schemaOf(name)), logger: options.logger, auth: options.auth };
    const service =
      name === 'rul-prediction'
        ? createRulPredictionService({
            ...deps,
            modelRegistry: modelRegistryFor(settings, options.logger),
            objectStore: objectStoreFor(settings),
            config: { ingestionUrl: serviceUrl(settings, 'ingestion-iiot') },
          })
        : buildService(name, deps, settings, { autoStartSources: false });
    options.configure?.(name, service);
    services.set(name, service);
    if (options.listen) await service.listen(Number(new URL(serviceUrl(settings, name)).port), '127.0.0.1');
    else await service.start();
  }
  return {
    settings,
    services,
    close: async () => {
      for (const name of [...SERVICE_NAMES].reverse()) await services.get(name)?.stop();
      await bus.close();
      await host.close();
    },
  };
}
