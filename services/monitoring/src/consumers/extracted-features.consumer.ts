import { TOPICS } from '@vigie/contracts';
import type { ConsumerDef } from '@vigie/service-kit';
import type { MonitoringContext } from '../use-cases/monitoring-context';
import { countingConsumer } from './count-events';

/** Feature windows from feature-extraction: counted per topic (events, last event time) for /metrics. */
export function extractedFeaturesConsumer(ctx: MonitoringContext): ConsumerDef<typeof TOPICS.extractedFeatures> {
  return countingConsumer(ctx, TOPICS.extractedFeatures);
}
