import type { z } from 'zod';
import type { CreateWorkOrderRequest, WorkOrder } from '@vigie/contracts';
import { insertAudit } from '../adapters/work-order-history';
import { insertWorkOrder } from '../adapters/work-order-repository';
import type { UseCaseDeps } from './deps';
import { enqueueWorkOrderEvent } from './outbox-events';

/** Places a manual order (status 'requested') by `actor`, audits it and emits a 'created' work-orders event. */
export async function createWorkOrder(
  deps: UseCaseDeps,
  input: z.output<typeof CreateWorkOrderRequest>,
  actor: string,
): Promise<WorkOrder> {
  const order = await deps.db.transaction(async (tx) => {
    const created = await insertWorkOrder(tx, {
      assetId: input.assetId,
      cause: 'manual',
      title: input.title,
      description: input.description,
      priority: input.priority,
      dueDate: input.dueDate === undefined ? null : new Date(input.dueDate),
      evidence: {},
    });
    // Manual orders are outside the one-open-order index, so the insert cannot be skipped.
    if (!created) throw new Error('manual work order insert was skipped');
    await insertAudit(tx, created.id, actor, [{ what: 'created', from: null, to: { status: created.status, priority: created.priority } }]);
    await enqueueWorkOrderEvent(tx, 'created', created);
    return created;
  });
  await deps.relay.afterCommit();
  return order;
}
