import { z } from 'zod';
import { AssetId, Priority } from '../events/common';
import { ClosureCode, WorkOrderSchema, WorkOrderStatus } from '../events/work-orders';
import { MaintenancePlanSchema } from '../events/maintenance-plans';

/** Who acts on an order, until authentication (issue 9) supplies it. */
export const WorkOrderActor = z.string().trim().min(1).max(100);

/**
 * A due date: an ISO 8601 instant with an offset, from 1970 to the end of year 9999 (UTC). Outside, PostgreSQL and
 * `Date` do not round-trip it (year 20 reads back as an invalid date, year 10000 prints as `+010000-…`).
 */
const MAX_DUE = Date.UTC(10_000, 0, 1);
export const DueDate = z.iso.datetime({ offset: true }).refine(
  (v) => {
    const t = Date.parse(v);
    return t >= 0 && t < MAX_DUE;
  },
  { message: 'due date outside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59Z' },
);

export const CreateWorkOrderRequest = z
  .object({
    assetId: AssetId,
    title: z.string().min(1).max(200),
    description: z.string().max(5000).default(''),
    priority: Priority.default('P3'),
    dueDate: DueDate.optional(),
    actor: WorkOrderActor.optional(),
  })
  .strict();
export const UpdateWorkOrderRequest = z
  .object({
    status: WorkOrderStatus.optional(),
    priority: Priority.optional(),
    title: z.string().min(1).max(200).optional(),
    description: z.string().max(5000).optional(),
    assignedTo: z.string().max(100).nullable().optional(),
    dueDate: DueDate.nullable().optional(),
    /** Required with status 'done' (400 WORK_ORDER_CLOSURE_CODE_REQUIRED otherwise), refused with any other status. */
    closureCode: ClosureCode.optional(),
    closureNote: z.string().max(2000).optional(),
    /** Required with status 'cancelled' (400 WORK_ORDER_CANCEL_REASON_REQUIRED otherwise). */
    cancelReason: z.string().min(1).max(2000).optional(),
    /** Who makes the change, recorded in the audit trail (or the x-vigie-actor header; 'anonymous' without either). */
    actor: WorkOrderActor.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).some((k) => k !== 'actor'), { message: 'at least one field to update' });

export const CreateWorkOrderCommentRequest = z
  .object({
    author: WorkOrderActor,
    text: z.string().trim().min(1).max(5000),
  })
  .strict();
export const WorkOrderAuditEntrySchema = z.object({
  id: z.number().int(),
  workOrderId: z.string(),
  actor: z.string(),
  /** A field ('status', 'priority', 'assignedTo', …) or 'created', 'comment', 'evidence', 'intervention'. */
  what: z.string(),
  from: z.unknown().nullable(),
  to: z.unknown().nullable(),
  at: z.string().datetime({ offset: true }),
});
export type WorkOrderAuditEntry = z.infer<typeof WorkOrderAuditEntrySchema>;
export const WorkOrderAuditResponse = z.object({ entries: z.array(WorkOrderAuditEntrySchema) });
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
    /** Who plans it, recorded in the order's audit trail ('anonymous' when absent). */
    actor: WorkOrderActor.optional(),
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
