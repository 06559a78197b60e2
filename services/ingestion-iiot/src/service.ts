import { createService, startTimeSeriesMaintenance, type Keyring, type ObjectStore, type Service, type ServiceDeps } from '@vigie/service-kit';
import { IngestionRepository } from './adapters/ingestion-repository';
import { IngestionConfigSchema, type IngestionConfig } from './config';
import { sensorDataStoreConsumer } from './consumers/sensor-data-store.consumer';
import { ingestionRoutes } from './http/ingestion.routes';
import { readingsRoutes } from './http/readings.routes';
import { migrations } from './migrations';
import { loadPlantFile } from './sources/plant-file';
import { ArchiveReadings } from './use-cases/archive-readings';
import { SourceManager } from './use-cases/source-manager';

export interface IngestionDeps extends ServiceDeps {
  readonly config?: Partial<IngestionConfig>;
  /** Where the hourly Parquet archive goes (filesystem embedded, S3 distributed); no archive without one. */
  readonly objectStore?: ObjectStore;
  /** Seals the secrets (passwords) of sources added over REST; without one such a source is refused (SECRET_KEY_MISSING). */
  readonly secrets?: Keyring;
}

export type IngestionService = Service & { repository: IngestionRepository; archive: () => ArchiveReadings | null };

/** Ingestion-IIoT (seed §2.1): reads OPC UA, Modbus TCP and MQTT sources, publishes `sensor-data`, stores `sensor_data`. */
export function createIngestionService(deps: IngestionDeps): IngestionService {
  const config = IngestionConfigSchema.parse(deps.config ?? {});
  const repo = new IngestionRepository(deps.db);
  let sources: SourceManager | undefined;
  let archive: ArchiveReadings | null = null;
  const useSources = (): SourceManager => {
    if (!sources) throw new Error('ingestion used before start');
    return sources;
  };
  const service = createService(
    {
      name: 'ingestion-iiot',
      migrations,
      routes: [...ingestionRoutes(useSources, repo), ...readingsRoutes(repo)],
      consumers: [sensorDataStoreConsumer(repo)],
    },
    deps,
  );
  const { ctx } = service;
  ctx.lifecycle.onStart(async () => {
    const spec = await repo.ensureTables(config.retention);
    const maintenance = startTimeSeriesMaintenance(deps.db, [spec], {
      onError: (err, table) => ctx.logger.warn({ err, table }, 'time-series maintenance failed; retried at the next run'),
    });
    ctx.lifecycle.onShutdown(() => maintenance.stop());
    const configured = config.plantFile ? await loadPlantFile(config.plantFile) : config.sources;
    sources = new SourceManager(ctx, repo, configured, config.pkiDir, deps.secrets);
    await sources.restore();
    ctx.health.register('sources', () => ({ status: 'UP', details: { sources: useSources().status(), protocol: useSources().details() } }));
    if (deps.objectStore && config.archive.enabled) {
      archive = new ArchiveReadings(ctx, repo, deps.objectStore, config.archive.bucket);
      archive.start(config.archive.everyMs);
      ctx.lifecycle.onShutdown(() => archive?.stop());
    }
  });
  ctx.lifecycle.onShutdown(() => sources?.stop());
  return {
    ...service,
    repository: repo,
    archive: () => archive,
    async start() {
      await service.start();
      if (config.autoStart) await useSources().start();
    },
  };
}
