import { TOPICS } from '@vigie/contracts';
import { defineConsumer, type ConsumerDef } from '@vigie/service-kit';
import { recordWorkOrder } from '../use-cases/record-events';
import type { MonitoringContext } from '../use-cases/monitoring-context';
import { monitoringGroup, countBatch } from './count-events';

/** Work-order changes → work_order_view, WS `work-order` + `asset` (its open count). In offset order. */
export function workOrdersConsumer(ctx: MonitoringContext): ConsumerDef<typeof TOPICS.workOrders> {
  return defineConsumer({
    topic: TOPICS.workOrders,
    groupId: monitoringGroup(TOPICS.workOrders),
    handle: async (events) => {
      for (const { event } of events) await recordWorkOrder(ctx, event.data.workOrder);
      countBatch(ctx, TOPICS.workOrders, events);
    },
  });
}
