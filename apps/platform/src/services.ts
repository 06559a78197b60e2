import { SERVICE_NAMES, type ServiceName } from '@vigie/contracts';
import { createAnomalyDetectionService } from '@vigie/anomaly-detection';
import { createFeatureExtractionService } from '@vigie/feature-extraction';
import { createIngestionService } from '@vigie/ingestion-iiot';
import { createMaintenanceOrchestratorService } from '@vigie/maintenance-orchestrator';
import { createMonitoringService } from '@vigie/monitoring';
import { createPreprocessingService } from '@vigie/preprocessing';
import { createRulPredictionService } from '@vigie/rul-prediction';
import {
  FeastFeatureStore,
  FilesystemObjectStore,
  LocalModelRegistry,
  loadKeyring,
  MemoryCache,
  MlflowModelRegistry,
  RedisCache,
  S3ObjectStore,
  type Cache,
  type Keyring,
  type FeatureStore,
  type ModelRegistry,
  type ObjectStore,
  type Service,
  type ServiceDeps,
} from '@vigie/service-kit';
import { dashboardPort, serviceUrl, type PlatformSettings } from './settings';

/** The object store of the Parquet archive and of the RUL model artifacts (`rul-models`): S3 when configured, else a directory. */
export function objectStoreFor(s: PlatformSettings): ObjectStore {
  if (s.s3) return S3ObjectStore.fromConfig({ ...s.s3, forcePathStyle: true });
  return FilesystemObjectStore.fromConfig({ root: `${s.dataDir}/objects` });
}

/** The cache port: Redis when REDIS_URL is set (shared by replicas), otherwise in this process. */
export function cacheFor(s: PlatformSettings, service: string, logger?: ServiceDeps['logger']): Cache {
  if (s.redisUrl) return RedisCache.fromConfig({ url: s.redisUrl, namespace: service }, logger);
  return MemoryCache.fromConfig({ maxEntries: 10_000 });
}

/**
 * The feature-store port of the feature-extraction service: Feast when FEAST_URL is set (its push source and online
 * store); undefined otherwise, and the service keeps the windows in two tables of its own database (PGlite or PostgreSQL).
 */
export function featureStoreFor(s: PlatformSettings): FeatureStore | undefined {
  return s.feastUrl ? FeastFeatureStore.fromConfig({ url: s.feastUrl }) : undefined;
}

/** The model-registry port (training runs, versions, `champion`): MLflow when MLFLOW_URL is set, else `<dataDir>/models`. */
export function modelRegistryFor(s: PlatformSettings, logger?: ServiceDeps['logger']): ModelRegistry {
  const options = logger ? { logger } : {};
  if (s.mlflowUrl) return MlflowModelRegistry.fromConfig({ url: s.mlflowUrl, ...options });
  return LocalModelRegistry.fromConfig({ directory: `${s.dataDir}/models`, ...options });
}

/** The key ring sealing secrets at rest: VIGIE_DATA_KEYS, else (embedded only) a key generated once under the data directory. */
export function keyringFor(s: PlatformSettings, logger?: ServiceDeps['logger']): Keyring {
  return loadKeyring({ keys: s.dataKeys, profile: s.profile, dataDir: s.dataDir }, logger);
}

/** Builds one service with the wiring of this platform (URLs of its peers, demo-plant settings). */
export function buildService(name: ServiceName, deps: ServiceDeps, s: PlatformSettings, options: { autoStartSources?: boolean } = {}): Service {
  switch (name) {
    case 'ingestion-iiot':
      return createIngestionService({
        ...deps,
        objectStore: objectStoreFor(s),
        secrets: keyringFor(s, deps.logger),
        config: {
          sources: [{ id: 'plant-opcua', protocol: 'opcua', endpoint: `opc.tcp://${s.simulator.host}:${s.simulator.port}` }],
          autoStart: options.autoStartSources ?? true,
          pkiDir: `${s.dataDir}/pki/ingestion`,
        },
      });
    case 'preprocessing':
      return createPreprocessingService({ ...deps, config: s.preprocessing });
    case 'feature-extraction':
      return createFeatureExtractionService({
        ...deps,
        cache: cacheFor(s, name, deps.logger),
        featureStore: featureStoreFor(s),
        config: {
          windowSeconds: s.featureWindowSeconds,
          ingestionUrl: serviceUrl(s, 'ingestion-iiot'),
          ...(s.featureProfilesFile ? { profilesFile: s.featureProfilesFile } : {}),
        },
      });
    case 'anomaly-detection':
      return createAnomalyDetectionService({
        ...deps,
        modelRegistry: modelRegistryFor(s, deps.logger),
        config: { baselineWindows: s.anomalyBaselineWindows, featuresUrl: serviceUrl(s, 'feature-extraction') },
      });
    case 'rul-prediction':
      // Asset types from ingestion; on a first start, a model trained on simulator run-to-failure histories of the
      // feature windows' length (P-101 by default) becomes the champion and serves P-101 online.
      return createRulPredictionService({
        ...deps,
        modelRegistry: modelRegistryFor(s, deps.logger),
        objectStore: objectStoreFor(s),
        config: { ingestionUrl: serviceUrl(s, 'ingestion-iiot'), bootstrap: { windowSeconds: s.featureWindowSeconds } },
      });
    case 'maintenance-orchestrator':
      return createMaintenanceOrchestratorService({ ...deps, secrets: keyringFor(s, deps.logger), config: { demoTechnicians: true } });
    case 'monitoring': {
      const port = dashboardPort(s);
      return createMonitoringService({
        ...deps,
        config: {
          targets: SERVICE_NAMES.map((service) => ({ service, url: serviceUrl(s, service) })),
          ingestionUrl: serviceUrl(s, 'ingestion-iiot'),
          pollIntervalMs: s.monitoringPollMs,
          assetRefreshIntervalMs: 5000,
          dashboardOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
        },
      });
    }
  }
}
