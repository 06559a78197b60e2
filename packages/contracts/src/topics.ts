/** Kafka topic names of the seed (§4.1). Each has a dead-letter topic `<topic>.dlq`. */
export const TOPICS = {
  sensorData: 'sensor-data',
  preprocessedData: 'preprocessed-data',
  extractedFeatures: 'extracted-features',
  anomaliesDetected: 'anomalies-detected',
  rulPredictions: 'rul-predictions',
  workOrders: 'work-orders',
  maintenancePlans: 'maintenance-plans',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

export function dlqTopic(topic: Topic): string {
  return `${topic}.dlq`;
}

/** Partitions per topic: keyed by asset id (seed §7.2), enough for a few consumers per group. */
export const DEFAULT_PARTITIONS = 6;
