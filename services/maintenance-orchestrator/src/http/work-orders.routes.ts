import { z } from 'zod';
import { defineRoute } from '@vigie/service-kit';
import {
  CreateWorkOrderRequest,
  UpdateWorkOrderRequest,
  WorkOrderListQuery,
  WorkOrderListResponse,
  WorkOrderResponse,
} from '@vigie/contracts';
import { createWorkOrder } from '../use-cases/create-work-order';
import type { UseCaseDeps } from '../use-cases/deps';
import { getWorkOrder } from '../use-cases/get-work-order';
import { listWorkOrders } from '../use-cases/list-work-orders';
import { updateWorkOrder } from '../use-cases/update-work-order';

const IdParams = z.object({ id: z.string().min(1) });
const tags = ['work-orders'];

export function workOrderRoutes(deps: UseCaseDeps) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/work-orders',
      summary: 'List work orders (filters: assetId, status — comma-separated — and limit)',
      tags,
      query: WorkOrderListQuery,
      response: WorkOrderListResponse,
      handler: ({ query }) => listWorkOrders(deps, query),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/work-orders',
      summary: 'Create a manual work order',
      tags,
      body: CreateWorkOrderRequest,
      response: WorkOrderResponse,
      status: 201,
      handler: ({ body }) => createWorkOrder(deps, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/work-orders/:id',
      summary: 'Work order details, with its evidence',
      tags,
      params: IdParams,
      response: WorkOrderResponse,
      handler: ({ params }) => getWorkOrder(deps, params.id),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/work-orders/:id',
      summary: 'Update a work order; status changes follow requested → approved → planned → assigned → in_progress → done',
      tags,
      params: IdParams,
      body: UpdateWorkOrderRequest,
      response: WorkOrderResponse,
      handler: ({ params, body }) => updateWorkOrder(deps, params.id, body),
    }),
  ];
}
