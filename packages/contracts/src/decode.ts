import type { z } from 'zod';
import { CloudEventSchema, type CloudEvent, type EventContract } from './envelope';
import type { ErrorCode } from './errors';
import {
  AnomalyDetected,
  ExtractedFeatures,
  MaintenancePlanEvent,
  PreprocessedData,
  RulPrediction,
  SensorData,
  WorkOrderEvent,
} from './events';
import { TOPICS, type Topic } from './topics';

/** Which event contract each topic carries. */
export const TOPIC_EVENTS = {
  [TOPICS.sensorData]: SensorData,
  [TOPICS.preprocessedData]: PreprocessedData,
  [TOPICS.extractedFeatures]: ExtractedFeatures,
  [TOPICS.anomaliesDetected]: AnomalyDetected,
  [TOPICS.rulPredictions]: RulPrediction,
  [TOPICS.workOrders]: WorkOrderEvent,
  [TOPICS.maintenancePlans]: MaintenancePlanEvent,
} as const satisfies Record<Topic, EventContract<z.ZodType>>;

export type TopicPayload<T extends Topic> = z.infer<(typeof TOPIC_EVENTS)[T]['schema']>;

export type DecodeResult<T> =
  | { ok: true; event: CloudEvent<T> }
  | { ok: false; code: ErrorCode; reason: string };

/** Parses and validates a message value of `topic`; a failure names a stable code and a readable reason (for the DLQ). */
export function decodeEvent<T extends Topic>(topic: T, value: Buffer | string): DecodeResult<TopicPayload<T>> {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (err) {
    return { ok: false, code: 'EVENT_NOT_JSON', reason: (err as Error).message };
  }
  const envelope = CloudEventSchema.safeParse(raw);
  if (!envelope.success) {
    return { ok: false, code: 'EVENT_ENVELOPE_INVALID', reason: summarizeIssues(envelope.error.issues) };
  }
  const contract = TOPIC_EVENTS[topic];
  if (envelope.data.type !== contract.type) {
    return { ok: false, code: 'EVENT_TYPE_UNKNOWN', reason: `expected ${contract.type}, got ${envelope.data.type}` };
  }
  const data = contract.schema.safeParse(envelope.data.data);
  if (!data.success) {
    return { ok: false, code: 'EVENT_DATA_INVALID', reason: summarizeIssues(data.error.issues) };
  }
  return { ok: true, event: { ...envelope.data, data: data.data as TopicPayload<T> } };
}

export function summarizeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
