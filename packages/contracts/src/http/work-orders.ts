import { z } from 'zod';
import { AssetId, Priority } from '../events/common';
import { WorkOrderSchema, WorkOrderStatus } from '../events/work-orders';
import { MaintenancePlanSchema } from '../events/maintenance-plans';

export const CreateWorkOrderRequest = z
  .object({
    assetId: AssetId,
    title: z.string().min(1).max(200),
    description: z.string().max(5000).default(''),
    priority: Priority.default('P3'),
    dueDate: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export const UpdateWorkOrderRequest = z
  .object({
    status: WorkOrderStatus.optional(),
    priority: Priority.optional(),
    title: z.string().min(1).max(200).optional(),
    description: z.string().max(5000).optional(),
    assignedTo: z.string().max(100).nullable().optional(),
    dueDate: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field to update' });
export const WorkOrderListQuery = z
  .object({
    assetId: AssetId.optional(),
    status: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
export const WorkOrderListResponse = z.object({ workOrders: z.array(WorkOrderSchema) });
export const WorkOrderResponse = WorkOrderSchema;

export const CreateInterventionRequest = z
  .object({
    workOrderId: z.string().min(1),
    technicianId: z.string().min(1).optional(),
    plannedStart: z.iso.datetime({ offset: true }),
    durationHours: z.number().positive().max(240),
  })
  .strict();
export const InterventionSchema = z.object({
  id: z.string(),
  workOrderId: z.string(),
  technicianId: z.string().nullable(),
  plannedStart: z.string(),
  plannedEnd: z.string(),
  status: z.string(),
  createdAt: z.string(),
});
export const PlanningResponse = MaintenancePlanSchema;
