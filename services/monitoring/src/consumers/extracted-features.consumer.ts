import { TOPICS } from '@vigie/contracts';
import { defineConsumer, type ConsumerDef } from '@vigie/service-kit';
import { recordFeatureWindows } from '../use-cases/record-feature-windows';
import type { MonitoringContext } from '../use-cases/monitoring-context';
import { monitoringGroup, countBatch } from './count-events';

/**
 * Feature windows from feature-extraction: which assets report data (asset_state.last_seen_at, WS `asset` when one
 * starts or resumes reporting), and the per-topic count for /metrics. The topic carries many windows per second,
 * so the whole batch is folded to one read-model row per asset rather than handled event by event.
 */
export function extractedFeaturesConsumer(ctx: MonitoringContext): ConsumerDef<typeof TOPICS.extractedFeatures> {
  return defineConsumer({
    topic: TOPICS.extractedFeatures,
    groupId: monitoringGroup(TOPICS.extractedFeatures),
    handle: async (events) => {
      await recordFeatureWindows(ctx, events.map(({ event }) => event.data));
      countBatch(ctx, TOPICS.extractedFeatures, events);
    },
  });
}
