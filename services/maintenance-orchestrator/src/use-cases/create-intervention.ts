import type { z } from 'zod';
import { ConflictError, NotFoundError } from '@vigie/service-kit';
import type { CreateInterventionRequest } from '@vigie/contracts';
import { insertIntervention, type Intervention } from '../adapters/intervention-repository';
import { technicianExists } from '../adapters/planning-repository';
import { insertAudit } from '../adapters/work-order-history';
import { findWorkOrder, updateWorkOrder } from '../adapters/work-order-repository';
import { ANONYMOUS_ACTOR, diffOrders } from '../domain/audit';
import { canTransition, isFinal } from '../domain/lifecycle';
import type { UseCaseDeps } from './deps';
import { enqueueWorkOrderEvent } from './outbox-events';

const HOUR_MS = 3_600_000;

/**
 * Schedules an intervention on an open order and moves the order to 'planned' when the lifecycle allows it
 * (from 'approved'), emitting an 'updated' event. Fails with WORK_ORDER_NOT_FOUND, NOT_FOUND (technician) or
 * WORK_ORDER_TRANSITION_INVALID (the order is done or cancelled).
 */
export async function createIntervention(deps: UseCaseDeps, input: z.output<typeof CreateInterventionRequest>): Promise<Intervention> {
  const { intervention, statusChanged } = await deps.db.transaction(async (tx) => {
    const order = await findWorkOrder(tx, input.workOrderId, true);
    if (!order) throw new NotFoundError('WORK_ORDER_NOT_FOUND', { id: input.workOrderId });
    if (isFinal(order.status)) {
      throw new ConflictError(
        'WORK_ORDER_TRANSITION_INVALID',
        { id: order.id, status: order.status },
        `Cannot plan an intervention on a ${order.status} work order`,
      );
    }
    const technicianId = input.technicianId ?? null;
    if (technicianId !== null && !(await technicianExists(tx, technicianId))) {
      throw new NotFoundError('NOT_FOUND', { technicianId }, `No technician ${technicianId}`);
    }
    const start = new Date(input.plannedStart);
    const created = await insertIntervention(tx, {
      workOrderId: order.id,
      technicianId,
      plannedStart: start,
      plannedEnd: new Date(start.getTime() + input.durationHours * HOUR_MS),
    });
    const actor = input.actor ?? ANONYMOUS_ACTOR;
    await insertAudit(tx, order.id, actor, [
      {
        what: 'intervention',
        from: null,
        to: { interventionId: created.id, technicianId, start: created.plannedStart, end: created.plannedEnd },
      },
    ]);
    const plan = canTransition(order.status, 'planned');
    if (plan) {
      const planned = await updateWorkOrder(tx, order.id, { status: 'planned' });
      await insertAudit(tx, order.id, actor, diffOrders(order, planned));
      await enqueueWorkOrderEvent(tx, 'updated', planned);
    }
    return { intervention: created, statusChanged: plan };
  });
  if (statusChanged) await deps.relay.afterCommit();
  return intervention;
}
