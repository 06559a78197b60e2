import { TOPICS } from '@vigie/contracts';
import type { ConsumerDef } from '@vigie/service-kit';
import type { MonitoringContext } from '../use-cases/monitoring-context';
import { countingConsumer } from './count-events';

/** Raw sensor batches from ingestion-iiot: counted per topic (events, last event time) for /metrics. */
export function sensorDataConsumer(ctx: MonitoringContext): ConsumerDef<typeof TOPICS.sensorData> {
  return countingConsumer(ctx, TOPICS.sensorData);
}
