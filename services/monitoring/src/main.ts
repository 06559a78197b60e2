import { join } from 'node:path';
import { SERVICES } from '@vigie/contracts';
import {
  InMemoryEventBus,
  KafkaEventBus,
  kafkaTlsFromEnv,
  PgliteDatabase,
  PostgresDatabase,
  createLogger,
  type Database,
  type EventBus,
} from '@vigie/service-kit';
import { configFromEnv } from './config';
import { createMonitoringService } from './service';

/**
 * Runs Dashboard-Monitoring alone on port 8086 (MONITORING_PORT). Distributed when KAFKA_BROKERS and DATABASE_URL
 * are set; otherwise an in-process bus and PGlite under VIGIE_DATA_DIR (the embedded launcher in apps/platform
 * builds the service itself, sharing one bus and database between services).
 */
async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const logger = createLogger('monitoring');
  const config = configFromEnv(env);
  const dataDir = env.VIGIE_DATA_DIR ?? '.vigie/data';
  const bus: EventBus = env.KAFKA_BROKERS
    ? KafkaEventBus.fromConfig({ brokers: env.KAFKA_BROKERS.split(','), clientId: 'monitoring', tls: kafkaTlsFromEnv(env) }, logger)
    : new InMemoryEventBus({ dataDir: join(dataDir, 'bus'), logger });
  const db: Database = env.DATABASE_URL
    ? await PostgresDatabase.fromConfig({ url: env.DATABASE_URL, applicationName: 'monitoring', searchPath: ['monitoring'] })
    : await PgliteDatabase.open({ dataDir: join(dataDir, 'monitoring-db') });
  const service = createMonitoringService({ bus, db, logger, config });
  await service.listen(Number(env.MONITORING_PORT ?? SERVICES.monitoring.port));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      // The bus and database close after the service: its last shutdown hook still writes the counters.
      (async () => {
        await service.stop();
        await bus.close();
        await db.close();
      })().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

main(process.env).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
