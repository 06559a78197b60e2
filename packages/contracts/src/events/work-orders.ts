import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AssetId, Priority } from './common';

export const WorkOrderStatus = z.enum(['requested', 'approved', 'planned', 'assigned', 'in_progress', 'done', 'cancelled']);
export type WorkOrderStatus = z.infer<typeof WorkOrderStatus>;
export const WorkOrderCause = z.enum(['anomaly', 'rul', 'manual']);
export type WorkOrderCause = z.infer<typeof WorkOrderCause>;

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
  createdAt: z.string().datetime({ offset: true }),
  updatedAt: z.string().datetime({ offset: true }),
});
export type WorkOrder = z.infer<typeof WorkOrderSchema>;

export const WorkOrderEventSchema = z.object({
  change: z.enum(['created', 'escalated', 'updated']),
  workOrder: WorkOrderSchema,
});
export type WorkOrderEventPayload = z.infer<typeof WorkOrderEventSchema>;

export const WorkOrderEvent = defineEvent('vigie.work-orders.v1', WorkOrderEventSchema);
