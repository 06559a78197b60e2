import { TOPICS } from '@vigie/contracts';
import { defineConsumer, type ConsumerDef } from '@vigie/service-kit';
import { recordRulPrediction } from '../use-cases/record-events';
import type { MonitoringContext } from '../use-cases/monitoring-context';
import { monitoringGroup, countBatch } from './count-events';

/** RUL predictions → asset_state.last_rul, `rul_low` alerts, WS `rul` + `asset`. In offset order. */
export function rulPredictionsConsumer(ctx: MonitoringContext): ConsumerDef<typeof TOPICS.rulPredictions> {
  return defineConsumer({
    topic: TOPICS.rulPredictions,
    groupId: monitoringGroup(TOPICS.rulPredictions),
    handle: async (events) => {
      for (const { event } of events) await recordRulPrediction(ctx, event.data);
      countBatch(ctx, TOPICS.rulPredictions, events);
    },
  });
}
