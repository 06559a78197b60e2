import type { z } from 'zod';
import { AppError } from '@vigie/service-kit';
import { WorkOrderStatus, type WorkOrder, type WorkOrderListQuery } from '@vigie/contracts';
import { listWorkOrders as queryWorkOrders } from '../adapters/work-order-repository';
import type { UseCaseDeps } from './deps';

/** Newest first; `status` may list several statuses separated by commas. Fails with VALIDATION_FAILED. */
export async function listWorkOrders(deps: UseCaseDeps, query: z.output<typeof WorkOrderListQuery>): Promise<{ workOrders: WorkOrder[] }> {
  const statuses = query.status === undefined ? undefined : parseStatuses(query.status);
  const workOrders = await queryWorkOrders(deps.db, {
    ...(query.assetId === undefined ? {} : { assetId: query.assetId }),
    ...(statuses === undefined ? {} : { statuses }),
    limit: query.limit,
  });
  return { workOrders };
}

function parseStatuses(raw: string): WorkOrderStatus[] {
  const parts = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const parsed = parts.map((s) => WorkOrderStatus.safeParse(s));
  const bad = parts.filter((_, i) => !parsed[i]?.success);
  if (bad.length > 0 || parts.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'Invalid query', {
      issues: [{ path: 'query.status', message: `unknown status: ${bad.join(', ') || '(empty)'}` }],
    });
  }
  return parsed.flatMap((p) => (p.success ? [p.data] : []));
}
