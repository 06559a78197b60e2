import type { z } from 'zod';
import { ConflictError, NotFoundError } from '@vigie/service-kit';
import type { UpdateWorkOrderRequest, WorkOrder } from '@vigie/contracts';
import { insertAudit } from '../adapters/work-order-history';
import { findWorkOrder, updateWorkOrder as saveWorkOrder, type WorkOrderPatch } from '../adapters/work-order-repository';
import { diffOrders } from '../domain/audit';
import { checkClosure } from '../domain/closure';
import { canTransition } from '../domain/lifecycle';
import type { UseCaseDeps } from './deps';
import { enqueueWorkOrderEvent } from './outbox-events';

/**
 * Partial update by `actor`; a status change must follow the lifecycle (domain/lifecycle.ts), 'done' needs a closure
 * code and 'cancelled' a reason (domain/closure.ts). Writes one audit row per changed field and emits an 'updated'
 * event, in the transaction of the change. Fails with WORK_ORDER_NOT_FOUND, WORK_ORDER_TRANSITION_INVALID or a
 * WORK_ORDER_CLOSURE_* / WORK_ORDER_CANCEL_REASON_* code.
 */
export async function updateWorkOrder(
  deps: UseCaseDeps,
  id: string,
  input: z.output<typeof UpdateWorkOrderRequest>,
  actor: string,
): Promise<WorkOrder> {
  const order = await deps.db.transaction(async (tx) => {
    const current = await findWorkOrder(tx, id, true);
    if (!current) throw new NotFoundError('WORK_ORDER_NOT_FOUND', { id });
    const statusChange = input.status !== undefined && input.status !== current.status ? input.status : undefined;
    if (statusChange !== undefined && !canTransition(current.status, statusChange)) {
      throw new ConflictError(
        'WORK_ORDER_TRANSITION_INVALID',
        { id, from: current.status, to: statusChange },
        `Cannot move a work order from ${current.status} to ${statusChange}`,
      );
    }
    checkClosure(statusChange, input);
    const updated = await saveWorkOrder(tx, id, toPatch(input));
    await insertAudit(tx, id, actor, diffOrders(current, updated));
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
    ...(input.closureCode === undefined ? {} : { closureCode: input.closureCode }),
    ...(input.closureNote === undefined ? {} : { closureNote: input.closureNote }),
    ...(input.cancelReason === undefined ? {} : { cancelReason: input.cancelReason }),
  };
}
