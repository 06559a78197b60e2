import { TOPICS } from '@vigie/contracts';
import { defineConsumer } from '@vigie/service-kit';
import type { IngestionRepository } from '../adapters/ingestion-repository';

/**
 * Stores what was published on `sensor-data` into `sensor_data`. Storing from the topic (not from the source
 * callback) makes the table hold exactly what the pipeline saw: every published reading once, whatever crashes.
 */
export function sensorDataStoreConsumer(repo: IngestionRepository) {
  return defineConsumer({
    topic: TOPICS.sensorData,
    groupId: 'ingestion-iiot-store',
    maxBatchSize: 2000,
    handle: async (events) => {
      await repo.storeBatches(events.map((e) => e.event.data));
    },
  });
}
