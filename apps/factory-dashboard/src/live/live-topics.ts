import type {
  AnomalyDetectedPayload,
  ExtractedFeaturesPayload,
  PreprocessedDataPayload,
  RulPredictionPayload,
  SensorDataPayload,
} from '@vigie/contracts';

/** The raw Kafka streams the monitoring socket relays on request, per asset (see services/monitoring/README.md). */
export type LiveTopic = 'sensor-data' | 'preprocessed-data' | 'extracted-features' | 'anomalies-detected' | 'rul-predictions';

export const LIVE_TOPICS: readonly LiveTopic[] = [
  'sensor-data',
  'preprocessed-data',
  'extracted-features',
  'anomalies-detected',
  'rul-predictions',
];

/** The contract payload of each raw stream. */
export interface LivePayloads {
  readonly 'sensor-data': SensorDataPayload;
  readonly 'preprocessed-data': PreprocessedDataPayload;
  readonly 'extracted-features': ExtractedFeaturesPayload;
  readonly 'anomalies-detected': AnomalyDetectedPayload;
  readonly 'rul-predictions': RulPredictionPayload;
}

/** One raw-stream event, discriminated by `topic` so `payload` narrows with a switch on it. */
export type LiveEvent = {
  readonly [T in LiveTopic]: { readonly topic: T; readonly assetId: string; readonly payload: LivePayloads[T] };
}[LiveTopic];

/** Server notice that some raw events of a topic were dropped for this client (it could not keep up). */
export interface LiveDropNotice {
  readonly topic: LiveTopic;
  readonly count: number;
}
