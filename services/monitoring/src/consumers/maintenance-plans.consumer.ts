import { TOPICS } from '@vigie/contracts';
import type { ConsumerDef } from '@vigie/service-kit';
import type { MonitoringContext } from '../use-cases/monitoring-context';
import { countingConsumer } from './count-events';

/** Plans from maintenance-orchestrator: counted per topic (events, last event time) for /metrics. */
export function maintenancePlansConsumer(ctx: MonitoringContext): ConsumerDef<typeof TOPICS.maintenancePlans> {
  return countingConsumer(ctx, TOPICS.maintenancePlans);
}
