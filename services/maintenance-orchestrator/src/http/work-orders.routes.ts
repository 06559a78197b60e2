import { z } from 'zod';
import {
  AppError,
  assertOwnAssignment,
  defineRoute,
  isRestrictedToOwnAssignments,
  technicianIdOf,
  type RouteContext,
} from '@vigie/service-kit';
import {
  CreateWorkOrderCommentRequest,
  CreateWorkOrderRequest,
  UpdateWorkOrderRequest,
  WorkOrderListQuery,
  WorkOrderListResponse,
  WorkOrderAuditResponse,
  WorkOrderCommentSchema,
  WorkOrderResponse,
} from '@vigie/contracts';
import { createWorkOrder } from '../use-cases/create-work-order';
import type { UseCaseDeps } from '../use-cases/deps';
import { actorOf } from './actor';
import { addComment, getWorkOrder, getWorkOrderAudit } from '../use-cases/get-work-order';
import { listWorkOrders } from '../use-cases/list-work-orders';
import { updateWorkOrder } from '../use-cases/update-work-order';

const IdParams = z.object({ id: z.string().min(1) });
const tags = ['work-orders'];

/** What a technician may change on their own orders (issue 9 RBAC): the status, with its closure or cancel fields. */
const TECHNICIAN_FIELDS = new Set(['status', 'closureCode', 'closureNote', 'cancelReason', 'actor']);

/** Technicians reach only the orders assigned to them (403 AUTH_NOT_ASSIGNED); a no-op for everyone else. */
async function assertOwnOrder(deps: UseCaseDeps, request: RouteContext<unknown, unknown, unknown>['request'], id: string): Promise<void> {
  if (isRestrictedToOwnAssignments(request)) assertOwnAssignment(request, (await getWorkOrder(deps, id)).assignedTo);
}

export function workOrderRoutes(deps: UseCaseDeps) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/work-orders',
      summary: 'List work orders (filters: assetId, status — comma-separated — and limit)',
      tags,
      query: WorkOrderListQuery,
      response: WorkOrderListResponse,
      handler: async ({ query, request }) => {
        const list = await listWorkOrders(deps, query);
        if (!isRestrictedToOwnAssignments(request)) return list;
        return { workOrders: list.workOrders.filter((o) => o.assignedTo === technicianIdOf(request)) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/work-orders',
      summary: 'Create a manual work order',
      tags,
      body: CreateWorkOrderRequest,
      response: WorkOrderResponse,
      status: 201,
      handler: ({ body, request }) => createWorkOrder(deps, body, actorOf(request, body.actor)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/work-orders/:id',
      summary: 'Work order details, with its evidence and comments',
      tags,
      params: IdParams,
      response: WorkOrderResponse,
      handler: async ({ params, request }) => {
        const order = await getWorkOrder(deps, params.id);
        assertOwnAssignment(request, order.assignedTo);
        return order;
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/work-orders/:id',
      summary:
        'Update a work order; status changes follow requested → approved → planned → assigned → in_progress → done (closureCode required) or cancelled (cancelReason required)',
      tags,
      params: IdParams,
      body: UpdateWorkOrderRequest,
      response: WorkOrderResponse,
      handler: async ({ params, body, request }) => {
        await assertOwnOrder(deps, request, params.id);
        const others = Object.keys(body).filter((k) => !TECHNICIAN_FIELDS.has(k));
        if (isRestrictedToOwnAssignments(request) && others.length > 0) {
          throw new AppError('AUTH_FORBIDDEN', `Technicians change only the status of their orders, not ${others.join(', ')}`, {
            fields: others,
          });
        }
        return updateWorkOrder(deps, params.id, body, actorOf(request, body.actor));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/work-orders/:id/comments',
      summary: 'Comment on a work order (author, text)',
      tags,
      params: IdParams,
      body: CreateWorkOrderCommentRequest,
      response: WorkOrderCommentSchema,
      status: 201,
      handler: async ({ params, body, request }) => {
        await assertOwnOrder(deps, request, params.id);
        return addComment(deps, params.id, actorOf(request, body.author), body.text);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/work-orders/:id/audit',
      summary: 'Audit trail of a work order: who changed what, from → to, when (oldest first)',
      tags,
      params: IdParams,
      response: WorkOrderAuditResponse,
      handler: async ({ params, request }) => {
        await assertOwnOrder(deps, request, params.id);
        return { entries: await getWorkOrderAudit(deps, params.id) };
      },
    }),
  ];
}
