import { z } from 'zod';
import { AnomalyDetectedSchema } from '../events/anomalies-detected';
import { RulPredictionSchema } from '../events/rul-predictions';
import { WorkOrderSchema } from '../events/work-orders';
import { ExtractedFeaturesSchema } from '../events/extracted-features';
import { PreprocessedDataSchema } from '../events/preprocessed-data';
import { SensorDataSchema } from '../events/sensor-data';
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
/**
 * One aggregation of a service's /actuator/prometheus (monitoring scrapes it on every health poll). Rates come from
 * counter deltas between two scrapes, so the first scrape after a start gives nulls; null also means "not exposed".
 */
export const ServiceMetricsSampleSchema = z.object({
  at: z.string(),
  /** HTTP requests per second, the /actuator endpoints (monitoring's own polls) excluded. */
  requestsPerSecond: z.number().nullable(),
  /** Events consumed per second (all topics, all outcomes). */
  eventsInPerSecond: z.number().nullable(),
  /** Events published per second. */
  eventsOutPerSecond: z.number().nullable(),
  /** Sum of vigie_consumer_lag_messages over its topics and groups. */
  consumerLag: z.number().nullable(),
  /** 95th percentile of HTTP request duration over the interval, from the histogram buckets (ms). */
  latencyP95Ms: z.number().nullable(),
  /** Share of the interval's HTTP requests answered 5xx (0..1). */
  errorRate: z.number().nullable(),
  /** Events dead-lettered since the service started. */
  dlqTotal: z.number().nullable(),
});
export type ServiceMetricsSample = z.infer<typeof ServiceMetricsSampleSchema>;
export const ServiceMetricsSeriesSchema = z.object({
  service: z.string(),
  latest: ServiceMetricsSampleSchema.nullable(),
  /** Oldest first, a few minutes' worth. */
  history: z.array(ServiceMetricsSampleSchema),
});
export type ServiceMetricsSeries = z.infer<typeof ServiceMetricsSeriesSchema>;
export const MonitoringMetricsResponse = z.object({
  topics: z.array(TopicCountSchema),
  uptimeSeconds: z.number(),
  services: z.array(ServiceMetricsSeriesSchema),
});
export const MonitoringAlertsResponse = z.object({ alerts: z.array(AlertSchema) });
export const MonitoringServicesResponse = z.object({ services: z.array(ServiceStatusSchema) });

/** Alert changes are numbered: `seq` grows by one per raise or clear, persisted, so a client can resume after a gap. */
export const AlertSeqSchema = z.number().int().nonnegative();

/** The entity topics every /ws/monitoring client receives by default (narrowable per asset). */
export const WS_ENTITY_TOPICS = ['services', 'asset', 'anomaly', 'rul', 'work-order', 'alert'] as const;
/** The raw streams relayed on request only, per asset: `{ type: 'event', topic, assetId, payload }`. */
export const WS_RAW_TOPICS = ['sensor-data', 'preprocessed-data', 'extracted-features', 'anomalies-detected', 'rul-predictions'] as const;
export const WsEntityTopicSchema = z.enum(WS_ENTITY_TOPICS);
export const WsRawTopicSchema = z.enum(WS_RAW_TOPICS);
export const WsTopicSchema = z.enum([...WS_ENTITY_TOPICS, ...WS_RAW_TOPICS]);
export type WsEntityTopic = z.infer<typeof WsEntityTopicSchema>;
export type WsRawTopic = z.infer<typeof WsRawTopicSchema>;
export type WsTopic = z.infer<typeof WsTopicSchema>;

/** Most distinct asset ids one client may name in its subscriptions (over all topics). */
export const WS_MAX_ASSETS_PER_CLIENT = 50;

/** Stable codes of `{ type: 'error' }` messages; the socket stays open after each. */
export const WS_ERROR_CODES = [
  'WS_INVALID_JSON',
  'WS_INVALID_MESSAGE',
  'WS_ASSETS_REQUIRED',
  'WS_TOO_MANY_ASSETS',
  'WS_RESUME_UNKNOWN_SEQ',
  'WS_RESUME_TOO_FAR',
] as const;
export const WsErrorCodeSchema = z.enum(WS_ERROR_CODES);
export type WsErrorCode = z.infer<typeof WsErrorCodeSchema>;

const event = <T extends WsRawTopic, P extends z.ZodType>(topic: T, payload: P) =>
  z.object({ type: z.literal('event'), topic: z.literal(topic), assetId: z.string(), payload });

/** A raw-stream event relayed to a subscribed client; `payload` is the topic's contract payload. */
export const WsEventMessageSchema = z.discriminatedUnion('topic', [
  event('sensor-data', SensorDataSchema),
  event('preprocessed-data', PreprocessedDataSchema),
  event('extracted-features', ExtractedFeaturesSchema),
  event('anomalies-detected', AnomalyDetectedSchema),
  event('rul-predictions', RulPredictionSchema),
]);
export type WsEventMessage = z.infer<typeof WsEventMessageSchema>;

/** One topic of a client's subscriptions: `assets: null` means every asset. */
export const WsSubscriptionSchema = z.object({ topic: WsTopicSchema, assets: z.array(z.string()).nullable() });
export type WsSubscription = z.infer<typeof WsSubscriptionSchema>;

/**
 * Messages pushed on /ws/monitoring (protocol: services/monitoring/README.md). The first message after connecting is
 * a snapshot; with `?sinceSeq=n` on the URL, the alert changes after n follow it (`replayed: true`), then `resumed`.
 */
export const WsMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    /** The seq of the last alert change the snapshot includes (0: none yet). */
    seq: AlertSeqSchema,
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
  z.object({ type: z.literal('alert'), alert: AlertSchema, seq: AlertSeqSchema, replayed: z.literal(true).optional() }),
  /** End of a resume: every alert change in (sinceSeq, seq] was sent (`count` of them). */
  z.object({ type: z.literal('resumed'), sinceSeq: AlertSeqSchema, seq: AlertSeqSchema, count: z.number().int().nonnegative() }),
  /** The client's subscriptions after each subscribe/unsubscribe it sent. */
  z.object({ type: z.literal('subscriptions'), subscriptions: z.array(WsSubscriptionSchema) }),
  WsEventMessageSchema,
  /** `count` raw events of `topic` were dropped for this client since the last notice (it did not read fast enough). */
  z.object({ type: z.literal('dropped'), topic: WsRawTopicSchema, count: z.number().int().positive() }),
  z.object({ type: z.literal('error'), code: WsErrorCodeSchema, message: z.string() }),
]);
export type WsMessage = z.infer<typeof WsMessageSchema>;

/** Client → server on /ws/monitoring. `assets` absent or [] = every asset (entity topics only). */
export const WsClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), topics: z.array(WsTopicSchema).min(1), assets: z.array(z.string().min(1).max(200)).optional() }),
  z.object({
    type: z.literal('unsubscribe'),
    topics: z.array(WsTopicSchema).min(1),
    assets: z.array(z.string().min(1).max(200)).optional(),
  }),
]);
export type WsClientMessage = z.infer<typeof WsClientMessageSchema>;

/** GET /api/v1/monitoring/assets: every known asset with its health (the snapshot's `assets`, over REST). */
export const MonitoringAssetsResponse = z.object({ assets: z.array(AssetHealthSchema) });
/** GET /api/v1/monitoring/work-orders: open work orders (not done, not cancelled) from monitoring's read model. */
export const MonitoringWorkOrdersResponse = z.object({ workOrders: z.array(WorkOrderSchema) });
