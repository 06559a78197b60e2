import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AssetId, Priority } from './common';

export const WorkOrderStatus = z.enum(['requested', 'approved', 'planned', 'assigned', 'in_progress', 'done', 'cancelled']);
export type WorkOrderStatus = z.infer<typeof WorkOrderStatus>;
export const WorkOrderCause = z.enum(['anomaly', 'rul', 'manual']);
export type WorkOrderCause = z.infer<typeof WorkOrderCause>;

/**
 * How a done order ended, required to close one (PUT status 'done'): what the technician found and did. Published on
 * `work-orders` with the models that raised the order, so they can learn from outcomes.
 */
export const ClosureCode = z.enum(['failure_found', 'no_fault_found', 'part_replaced', 'adjusted', 'lubricated', 'cleaned', 'deferred']);
export type ClosureCode = z.infer<typeof ClosureCode>;

export const WorkOrderCommentSchema = z.object({
  id: z.string(),
  author: z.string(),
  text: z.string(),
  createdAt: z.string().datetime({ offset: true }),
});
export type WorkOrderComment = z.infer<typeof WorkOrderCommentSchema>;

export const WorkOrderSchema = z.object({
  id: z.string(),
  assetId: AssetId,
  cause: WorkOrderCause,
  title: z.string().min(1).max(200),
  description: z.string().max(5000),
  priority: Priority,
  status: WorkOrderStatus,
  dueDate: z.string().datetime({ offset: true }).nullable(),
  assignedTo: z.string().nullable(),
  /** What made Vigie open or escalate the order: anomaly scores, RUL with interval, model versions. */
  evidence: z.record(z.string(), z.unknown()),
  /** Set by the orchestration rule that opened the order (null on manual orders and older ones). */
  failureMode: z.string().max(100).nullable().optional(),
  requiredSkills: z.array(z.string().max(50)).optional(),
  estimatedDurationHours: z.number().positive().nullable().optional(),
  /** Set when the order is done (null otherwise). */
  closureCode: ClosureCode.nullable().optional(),
  closureNote: z.string().max(2000).nullable().optional(),
  /** Set when the order is cancelled (null otherwise). */
  cancelReason: z.string().max(2000).nullable().optional(),
  /** Oldest first; only on GET /api/v1/work-orders/{id}. */
  comments: z.array(WorkOrderCommentSchema).optional(),
  createdAt: z.string().datetime({ offset: true }),
  updatedAt: z.string().datetime({ offset: true }),
});
export type WorkOrder = z.infer<typeof WorkOrderSchema>;

export const WorkOrderEventSchema = z.object({
  change: z.enum(['created', 'escalated', 'updated']),
  workOrder: WorkOrderSchema,
  /**
   * On the event of the change to done or cancelled: the outcome, with the model versions found in the order's
   * evidence (anomaly and RUL models), so models can learn from outcomes.
   */
  closure: z
    .object({
      status: z.enum(['done', 'cancelled']),
      closureCode: ClosureCode.nullable(),
      cancelReason: z.string().nullable(),
      modelVersions: z.array(z.string()),
    })
    .optional(),
});
export type WorkOrderEventPayload = z.infer<typeof WorkOrderEventSchema>;

export const WorkOrderEvent = defineEvent('vigie.work-orders.v1', WorkOrderEventSchema);
