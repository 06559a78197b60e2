import { defineConsumer } from '@vigie/service-kit';
import { TOPICS } from '@vigie/contracts';
import { applyRulPrediction } from '../use-cases/apply-rul-prediction';
import type { UseCaseDeps } from '../use-cases/deps';
import { orchestratorGroup } from './anomalies-detected.consumer';

/** One transaction per prediction (effects + processed id + outbox), then one relay run for the batch. */
export function rulPredictionsConsumer(deps: UseCaseDeps) {
  return defineConsumer({
    topic: TOPICS.rulPredictions,
    groupId: orchestratorGroup(TOPICS.rulPredictions),
    handle: async (events) => {
      for (const { event } of events) await applyRulPrediction(deps, event);
      await deps.relay.afterCommit();
    },
  });
}
