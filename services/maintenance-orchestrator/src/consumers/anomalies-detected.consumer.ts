import { defineConsumer } from '@vigie/service-kit';
import { TOPICS } from '@vigie/contracts';
import { applyAnomaly } from '../use-cases/apply-anomaly';
import type { UseCaseDeps } from '../use-cases/deps';

/** One group per topic: members of one Kafka group must subscribe to the same topics. */
export function orchestratorGroup(topic: string): string {
  return `maintenance-orchestrator.${topic}`;
}

/** One transaction per anomaly (effects + processed id + outbox), then one relay run for the batch. */
export function anomaliesDetectedConsumer(deps: UseCaseDeps) {
  return defineConsumer({
    topic: TOPICS.anomaliesDetected,
    groupId: orchestratorGroup(TOPICS.anomaliesDetected),
    handle: async (events) => {
      for (const { event } of events) await applyAnomaly(deps, event);
      await deps.relay.afterCommit();
    },
  });
}
