import { NotFoundError } from '@vigie/service-kit';
import type { WorkOrder } from '@vigie/contracts';
import { findWorkOrder } from '../adapters/work-order-repository';
import type { UseCaseDeps } from './deps';

/** Fails with WORK_ORDER_NOT_FOUND. */
export async function getWorkOrder(deps: UseCaseDeps, id: string): Promise<WorkOrder> {
  const order = await findWorkOrder(deps.db, id);
  if (!order) throw new NotFoundError('WORK_ORDER_NOT_FOUND', { id });
  return order;
}
