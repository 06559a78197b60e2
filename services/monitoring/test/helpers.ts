import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import {
  AnomalyDetected,
  ExtractedFeatures,
  RulPrediction,
  WorkOrderEvent,
  WsMessageSchema,
  type AnomalyDetectedPayload,
  type ExtractedFeaturesPayload,
  type RulPredictionPayload,
  type WorkOrder,
  type WsMessage,
} from '@vigie/contracts';
import { silentLogger, type Database, type EventBus } from '@vigie/service-kit';
import { WebSocket } from 'ws';
import type { MonitoringConfigInput } from '../src/config';
import { createMonitoringService } from '../src/service';

/** A port nothing listens on (connection refused at once): one the OS just gave out and took back. */
export const CLOSED_URL = await (async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
})();

export function testConfig(overrides: MonitoringConfigInput = {}): MonitoringConfigInput {
  return {
    targets: [{ service: 'monitoring', url: 'http://127.0.0.1:8086' }],
    ingestionUrl: CLOSED_URL,
    pollIntervalMs: 50,
    assetRefreshIntervalMs: 100,
    metricsFlushIntervalMs: 60_000,
    requestTimeoutMs: 500,
    ...overrides,
  };
}

export async function startMonitoring(bus: EventBus, db: Database, config: MonitoringConfigInput = testConfig()) {
  const service = createMonitoringService({ bus, db, logger: silentLogger(), config });
  await service.start();
  return service;
}

export function anomaly(assetId: string, over: Partial<AnomalyDetectedPayload> = {}): AnomalyDetectedPayload {
  const now = Date.now();
  return {
    anomalyId: randomUUID(),
    assetId,
    sensorId: `${assetId}.vib`,
    windowStart: now - 1000,
    windowEnd: now,
    score: 0.9,
    criticality: 'critical',
    modelVersion: 'iforest@1',
    detectedAt: now,
    contributors: [],
    ...over,
  };
}

export function rul(assetId: string, over: Partial<RulPredictionPayload> = {}): RulPredictionPayload {
  const now = Date.now();
  return {
    predictionId: randomUUID(),
    assetId,
    predictedAt: now,
    asOf: now,
    rul: 100,
    lower: 50,
    upper: 150,
    level: 0.9,
    unit: 'h',
    healthIndex: 0.4,
    modelVersion: 'gbt@1',
    ...over,
  };
}

export function workOrder(assetId: string, over: Partial<WorkOrder> = {}): WorkOrder {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    assetId,
    cause: 'anomaly',
    title: `Inspect ${assetId}`,
    description: '',
    priority: 'P2',
    status: 'requested',
    dueDate: null,
    assignedTo: null,
    evidence: {},
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

/** A 1 s feature window ending at `windowEnd` (plant time), on the asset's vibration sensor by default. */
export function features(assetId: string, windowEnd: number, over: Partial<ExtractedFeaturesPayload> = {}): ExtractedFeaturesPayload {
  return {
    assetId,
    sensorId: `${assetId}.vib`,
    unit: 'g',
    windowStart: windowEnd - 1000,
    windowEnd,
    sampleCount: 1000,
    firstSampleTs: windowEnd - 1000,
    lastSampleTs: windowEnd - 1,
    features: { rms: 0.2, kurtosis: 3 },
    ...over,
  };
}

export const events = {
  anomaly: (a: AnomalyDetectedPayload) => AnomalyDetected.create({ source: 'test', subject: a.assetId, data: a }),
  features: (f: ExtractedFeaturesPayload) => ExtractedFeatures.create({ source: 'test', subject: f.assetId, data: f }),
  rul: (p: RulPredictionPayload) => RulPrediction.create({ source: 'test', subject: p.assetId, data: p }),
  workOrder: (wo: WorkOrder, change: 'created' | 'updated' = 'created') =>
    WorkOrderEvent.create({ source: 'test', subject: wo.assetId, data: { change, workOrder: wo } }),
};

/** A `ws` client that keeps every message, validated against the dashboard's contract. */
export class FeedClient {
  readonly messages: WsMessage[] = [];
  readonly ws: WebSocket;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(url, { headers });
    this.ws.on('message', (data) => this.messages.push(WsMessageSchema.parse(JSON.parse(String(data)))));
  }

  async waitFor<T extends WsMessage['type']>(
    type: T,
    match: (m: Extract<WsMessage, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Extract<WsMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m): m is Extract<WsMessage, { type: T }> => m.type === type && match(m as Extract<WsMessage, { type: T }>));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no '${type}' message; got ${this.messages.map((m) => m.type).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.ws.close();
  }
}

export function wsUrl(address: AddressInfo | string | null): string {
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return `ws://127.0.0.1:${address.port}/ws/monitoring`;
}
