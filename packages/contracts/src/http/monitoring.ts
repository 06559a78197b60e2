import { z } from 'zod';
import { AnomalyDetectedSchema } from '../events/anomalies-detected';
import { RulPredictionSchema } from '../events/rul-predictions';
import { WorkOrderSchema } from '../events/work-orders';
import { AssetSchema } from './ingestion';

export const ServiceStatusSchema = z.object({
  service: z.string(),
  url: z.string(),
  status: z.enum(['UP', 'DOWN', 'UNKNOWN']),
  checkedAt: z.string().nullable(),
  latencyMs: z.number().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

export const AlertSchema = z.object({
  id: z.string(),
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  assetId: z.string().nullable(),
  service: z.string().nullable(),
  message: z.string(),
  raisedAt: z.string(),
  clearedAt: z.string().nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const TopicCountSchema = z.object({ topic: z.string(), events: z.number().int(), lastEventAt: z.string().nullable() });

export const AssetHealthSchema = AssetSchema.extend({
  health: z.number().min(0).max(1).nullable(),
  status: z.enum(['ok', 'warning', 'alarm', 'unknown']),
  lastAnomaly: AnomalyDetectedSchema.nullable(),
  lastRul: RulPredictionSchema.nullable(),
  openWorkOrders: z.number().int(),
});
export type AssetHealth = z.infer<typeof AssetHealthSchema>;

export const MonitoringHealthResponse = z.object({
  status: z.enum(['UP', 'DEGRADED', 'DOWN']),
  services: z.array(ServiceStatusSchema),
});
export const MonitoringMetricsResponse = z.object({ topics: z.array(TopicCountSchema), uptimeSeconds: z.number() });
export const MonitoringAlertsResponse = z.object({ alerts: z.array(AlertSchema) });
export const MonitoringServicesResponse = z.object({ services: z.array(ServiceStatusSchema) });

/** Messages pushed on /ws/monitoring. The first message after connecting is a snapshot. */
export const WsMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    services: z.array(ServiceStatusSchema),
    assets: z.array(AssetHealthSchema),
    workOrders: z.array(WorkOrderSchema),
    alerts: z.array(AlertSchema),
  }),
  z.object({ type: z.literal('services'), services: z.array(ServiceStatusSchema) }),
  z.object({ type: z.literal('asset'), asset: AssetHealthSchema }),
  z.object({ type: z.literal('anomaly'), anomaly: AnomalyDetectedSchema }),
  z.object({ type: z.literal('rul'), prediction: RulPredictionSchema }),
  z.object({ type: z.literal('work-order'), workOrder: WorkOrderSchema }),
  z.object({ type: z.literal('alert'), alert: AlertSchema }),
]);
export type WsMessage = z.infer<typeof WsMessageSchema>;

/** GET /api/v1/monitoring/assets: every known asset with its health (the snapshot's `assets`, over REST). */
export const MonitoringAssetsResponse = z.object({ assets: z.array(AssetHealthSchema) });
/** GET /api/v1/monitoring/work-orders: open work orders (not done, not cancelled) from monitoring's read model. */
export const MonitoringWorkOrdersResponse = z.object({ workOrders: z.array(WorkOrderSchema) });
