import { NotFoundError } from '@vigie/service-kit';
import type { WorkOrder, WorkOrderAuditEntry, WorkOrderComment } from '@vigie/contracts';
import { insertAudit, insertComment, listAudit, listComments } from '../adapters/work-order-history';
import { findWorkOrder } from '../adapters/work-order-repository';
import type { UseCaseDeps } from './deps';

/** The order with its comments (oldest first). Fails with WORK_ORDER_NOT_FOUND. */
export async function getWorkOrder(deps: UseCaseDeps, id: string): Promise<WorkOrder> {
  return deps.db.transaction(async (tx) => {
    const order = await findWorkOrder(tx, id);
    if (!order) throw new NotFoundError('WORK_ORDER_NOT_FOUND', { id });
    return { ...order, comments: await listComments(tx, id) };
  });
}

/** Adds a comment and its audit row in one transaction. Fails with WORK_ORDER_NOT_FOUND. Comments emit no event. */
export async function addComment(deps: UseCaseDeps, id: string, author: string, text: string): Promise<WorkOrderComment> {
  return deps.db.transaction(async (tx) => {
    const order = await findWorkOrder(tx, id, true);
    if (!order) throw new NotFoundError('WORK_ORDER_NOT_FOUND', { id });
    const comment = await insertComment(tx, id, author, text);
    await insertAudit(tx, id, author, [{ what: 'comment', from: null, to: { commentId: comment.id, text } }]);
    return comment;
  });
}

/** Who changed what, oldest first. Fails with WORK_ORDER_NOT_FOUND. */
export async function getWorkOrderAudit(deps: UseCaseDeps, id: string): Promise<WorkOrderAuditEntry[]> {
  return deps.db.transaction(async (tx) => {
    if (!(await findWorkOrder(tx, id))) throw new NotFoundError('WORK_ORDER_NOT_FOUND', { id });
    return listAudit(tx, id);
  });
}
