import type { Queryable } from '@vigie/service-kit';
import { MaintenancePlanEvent, TOPICS, WorkOrderEvent, type MaintenancePlan, type WorkOrder } from '@vigie/contracts';
import { enqueueEvent } from '../adapters/outbox';
import { EVENT_SOURCE } from './deps';

export type WorkOrderChange = 'created' | 'escalated' | 'updated';

/** Queues a `work-orders` event in the caller's transaction; key = asset id, so an asset's events keep their order. */
export async function enqueueWorkOrderEvent(q: Queryable, change: WorkOrderChange, workOrder: WorkOrder): Promise<void> {
  const event = WorkOrderEvent.create({ source: EVENT_SOURCE, subject: workOrder.assetId, data: { change, workOrder } });
  await enqueueEvent(q, TOPICS.workOrders, event);
}

/** Plans span assets: one constant key keeps them in order on one partition (the latest plan is the last one). */
export const PLAN_EVENT_SUBJECT = 'maintenance-plan';

export async function enqueuePlanEvent(q: Queryable, plan: MaintenancePlan): Promise<void> {
  const event = MaintenancePlanEvent.create({ source: EVENT_SOURCE, subject: PLAN_EVENT_SUBJECT, data: plan, id: plan.planId });
  await enqueueEvent(q, TOPICS.maintenancePlans, event);
}
