/**
 * Runs the orchestrator alone, the only file that reads the environment. Distributed profile when DATABASE_URL and
 * KAFKA_BROKERS are set; otherwise embedded (PGlite under VIGIE_DATA_DIR, in-process bus). VIGIE_DATA_KEYS seals
 * technicians' personal data (required with DATABASE_URL).
 */
import {
  createLogger,
  InMemoryEventBus,
  KafkaEventBus,
  kafkaTlsFromEnv,
  loadKeyring,
  PgliteDatabase,
  PostgresDatabase,
  type Database,
  type EventBus,
} from '@vigie/service-kit';
import { loadConfig } from './config';
import { createMaintenanceOrchestratorService } from './service';

const env = process.env;
const logger = createLogger('maintenance-orchestrator');
const config = loadConfig(env);
const dataDir = env.VIGIE_DATA_DIR ?? '.vigie/data';

const db: Database = env.DATABASE_URL
  ? await PostgresDatabase.fromConfig({
      url: env.DATABASE_URL,
      applicationName: 'maintenance-orchestrator',
      searchPath: ['maintenance_orchestrator'],
    })
  : await PgliteDatabase.open({ dataDir: `${dataDir}/maintenance-orchestrator/pg` });
const bus: EventBus = env.KAFKA_BROKERS
  ? KafkaEventBus.fromConfig(
      { brokers: env.KAFKA_BROKERS.split(','), clientId: 'maintenance-orchestrator', tls: kafkaTlsFromEnv(env) },
      logger,
    )
  : new InMemoryEventBus({ dataDir: `${dataDir}/maintenance-orchestrator/bus`, logger });

// Technicians' personal data is sealed with VIGIE_DATA_KEYS; embedded, a key generated once under the data directory.
const secrets = loadKeyring({ keys: env.VIGIE_DATA_KEYS, profile: env.DATABASE_URL ? 'distributed' : 'embedded', dataDir }, logger);
const service = createMaintenanceOrchestratorService({ bus, db, logger, config, secrets });
await service.listen(config.port);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    void service
      .stop()
      .then(() => bus.close())
      .then(() => db.close())
      .finally(() => process.exit(0));
  });
}
