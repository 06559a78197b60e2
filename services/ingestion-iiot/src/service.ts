import { createService, type Service, type ServiceDeps } from '@vigie/service-kit';
import { IngestionRepository } from './adapters/ingestion-repository';
import { IngestionConfigSchema, type IngestionConfig } from './config';
import { sensorDataStoreConsumer } from './consumers/sensor-data-store.consumer';
import { ingestionRoutes } from './http/ingestion.routes';
import { migrations } from './migrations';
import { loadPlantFile } from './sources/plant-file';
import { SourceManager } from './use-cases/source-manager';

/** Ingestion-IIoT (seed §2.1): reads the plant over OPC UA, publishes `sensor-data`, stores `sensor_data`. */
export function createIngestionService(deps: ServiceDeps & { config?: Partial<IngestionConfig> }): Service & { repository: IngestionRepository } {
  const config = IngestionConfigSchema.parse(deps.config ?? {});
  const repo = new IngestionRepository(deps.db);
  let sources: SourceManager | undefined;
  const useSources = (): SourceManager => {
    if (!sources) throw new Error('ingestion used before start');
    return sources;
  };
  const service = createService(
    {
      name: 'ingestion-iiot',
      migrations,
      routes: ingestionRoutes(useSources, repo),
      consumers: [sensorDataStoreConsumer(repo)],
    },
    deps,
  );
  const { ctx } = service;
  ctx.lifecycle.onStart(async () => {
    await repo.ensureTables();
    const configured = config.plantFile ? await loadPlantFile(config.plantFile) : config.sources;
    sources = new SourceManager(ctx, repo, configured, config.pkiDir);
    await sources.restore();
    ctx.health.register('sources', () => ({ status: 'UP', details: { sources: useSources().status() } }));
  });
  ctx.lifecycle.onShutdown(() => sources?.stop());
  return {
    ...service,
    repository: repo,
    async start() {
      await service.start();
      if (config.autoStart) await useSources().start();
    },
  };
}
