import { TOPICS } from '@vigie/contracts';
import type { ConsumerDef } from '@vigie/service-kit';
import type { MonitoringContext } from '../use-cases/monitoring-context';
import { countingConsumer } from './count-events';

/** Cleaned samples from preprocessing: counted per topic (events, last event time) for /metrics. */
export function preprocessedDataConsumer(ctx: MonitoringContext): ConsumerDef<typeof TOPICS.preprocessedData> {
  return countingConsumer(ctx, TOPICS.preprocessedData);
}
