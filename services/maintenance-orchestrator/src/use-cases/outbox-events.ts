import type { Queryable } from '@vigie/service-kit';
import { MaintenancePlanEvent, TOPICS, WorkOrderEvent, type MaintenancePlan, type WorkOrder } from '@vigie/contracts';
import { enqueueEvent } from '../adapters/outbox';
import { evidenceModelVersions } from '../domain/closure';
import type { Evidence } from '../domain/evidence';
import { isFinal } from '../domain/lifecycle';
import { EVENT_SOURCE } from './deps';

export type WorkOrderChange = 'created' | 'escalated' | 'updated';

/**
 * Queues a `work-orders` event in the caller's transaction; key = asset id, so an asset's events keep their order.
 * An order that is done or cancelled carries its `closure` (code or reason, and the model versions of its evidence).
 */
export async function enqueueWorkOrderEvent(q: Queryable, change: WorkOrderChange, workOrder: WorkOrder): Promise<void> {
  const { comments: _comments, ...order } = workOrder;
  const closure = isFinal(order.status)
    ? {
        status: order.status as 'done' | 'cancelled',
        closureCode: order.closureCode ?? null,
        cancelReason: order.cancelReason ?? null,
        modelVersions: evidenceModelVersions(order.evidence as Evidence),
      }
    : undefined;
  const data = { change, workOrder: order, ...(closure ? { closure } : {}) };
  const event = WorkOrderEvent.create({ source: EVENT_SOURCE, subject: order.assetId, data });
  await enqueueEvent(q, TOPICS.workOrders, event);
}

/** Plans span assets: one constant key keeps them in order on one partition (the latest plan is the last one). */
export const PLAN_EVENT_SUBJECT = 'maintenance-plan';

export async function enqueuePlanEvent(q: Queryable, plan: MaintenancePlan): Promise<void> {
  const event = MaintenancePlanEvent.create({ source: EVENT_SOURCE, subject: PLAN_EVENT_SUBJECT, data: plan, id: plan.planId });
  await enqueueEvent(q, TOPICS.maintenancePlans, event);
}
