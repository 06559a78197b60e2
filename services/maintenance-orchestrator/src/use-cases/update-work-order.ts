import type { z } from 'zod';
import { ConflictError, NotFoundError } from '@vigie/service-kit';
import type { UpdateWorkOrderRequest, WorkOrder } from '@vigie/contracts';
import { findWorkOrder, updateWorkOrder as saveWorkOrder, type WorkOrderPatch } from '../adapters/work-order-repository';
import { canTransition } from '../domain/lifecycle';
import type { UseCaseDeps } from './deps';
import { enqueueWorkOrderEvent } from './outbox-events';

/**
 * Partial update; a status change must follow the lifecycle (domain/lifecycle.ts). Emits an 'updated' event.
 * Fails with WORK_ORDER_NOT_FOUND or WORK_ORDER_TRANSITION_INVALID.
 */
export async function updateWorkOrder(deps: UseCaseDeps, id: string, input: z.output<typeof UpdateWorkOrderRequest>): Promise<WorkOrder> {
  const order = await deps.db.transaction(async (tx) => {
    const current = await findWorkOrder(tx, id, true);
    if (!current) throw new NotFoundError('WORK_ORDER_NOT_FOUND', { id });
    if (input.status !== undefined && input.status !== current.status && !canTransition(current.status, input.status)) {
      throw new ConflictError(
        'WORK_ORDER_TRANSITION_INVALID',
        { id, from: current.status, to: input.status },
        `Cannot move a work order from ${current.status} to ${input.status}`,
      );
    }
    const updated = await saveWorkOrder(tx, id, toPatch(input));
    await enqueueWorkOrderEvent(tx, 'updated', updated);
    return updated;
  });
  await deps.relay.afterCommit();
  return order;
}

function toPatch(input: z.output<typeof UpdateWorkOrderRequest>): WorkOrderPatch {
  return {
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(input.priority === undefined ? {} : { priority: input.priority }),
    ...(input.title === undefined ? {} : { title: input.title }),
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.assignedTo === undefined ? {} : { assignedTo: input.assignedTo }),
    ...(input.dueDate === undefined ? {} : { dueDate: input.dueDate === null ? null : new Date(input.dueDate) }),
  };
}
