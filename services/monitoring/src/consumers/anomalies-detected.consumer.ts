import { TOPICS } from '@vigie/contracts';
import { defineConsumer, type ConsumerDef } from '@vigie/service-kit';
import { recordAnomaly } from '../use-cases/record-events';
import type { MonitoringContext } from '../use-cases/monitoring-context';
import { monitoringGroup, countBatch } from './count-events';

/** Anomalies → asset_state.last_anomaly, `anomaly_critical` alerts, WS `anomaly` + `asset`. In offset order. */
export function anomaliesDetectedConsumer(ctx: MonitoringContext): ConsumerDef<typeof TOPICS.anomaliesDetected> {
  return defineConsumer({
    topic: TOPICS.anomaliesDetected,
    groupId: monitoringGroup(TOPICS.anomaliesDetected),
    handle: async (events) => {
      for (const { event } of events) await recordAnomaly(ctx, event.data);
      countBatch(ctx, TOPICS.anomaliesDetected, events);
    },
  });
}
