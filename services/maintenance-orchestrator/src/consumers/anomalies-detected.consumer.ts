import { defineConsumer } from '@vigie/service-kit';
import { TOPICS } from '@vigie/contracts';
import { applyAnomaly } from '../use-cases/apply-anomaly';
import type { UseCaseDeps } from '../use-cases/deps';

export const CONSUMER_GROUP = 'maintenance-orchestrator';

/** One transaction per anomaly (effects + processed id + outbox), then one relay run for the batch. */
export function anomaliesDetectedConsumer(deps: UseCaseDeps) {
  return defineConsumer({
    topic: TOPICS.anomaliesDetected,
    groupId: CONSUMER_GROUP,
    handle: async (events) => {
      for (const { event } of events) await applyAnomaly(deps, event);
      await deps.relay.afterCommit();
    },
  });
}
