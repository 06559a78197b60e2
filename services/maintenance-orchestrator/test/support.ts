import { orchestratorGroup } from '../src/consumers/anomalies-detected.consumer';
import {
  AnomalyDetected,
  RulPrediction,
  TOPICS,
  type AnomalyDetectedPayload,
  type CloudEvent,
  type RulPredictionPayload,
  type WorkOrderEventPayload,
} from '@vigie/contracts';
import { generateDataKey, InMemoryEventBus, Keyring, PgliteDatabase, silentLogger } from '@vigie/service-kit';
import type { Logger } from '@vigie/service-kit';
import type { ConfigInput } from '../src/config';
import { createMaintenanceOrchestratorService, type MaintenanceOrchestratorService } from '../src/service';

export const NOW = new Date('2030-01-07T00:00:00.000Z');

/** The data key ring of the harness (technicians' personal data is sealed at rest); one per test process. */
export const TEST_KEYRING = Keyring.fromConfig({ keys: generateDataKey('test-k1') });

export interface Harness {
  readonly service: MaintenanceOrchestratorService;
  readonly bus: InMemoryEventBus;
  readonly db: PgliteDatabase;
  close(): Promise<void>;
}

/** A started service over a fresh in-memory PGlite and bus (or the given ones, to simulate a restart). */
export async function startHarness(
  options: { config?: ConfigInput; db?: PgliteDatabase; bus?: InMemoryEventBus; secrets?: Keyring | null; logger?: Logger } = {},
): Promise<Harness> {
  const db = options.db ?? (await PgliteDatabase.open());
  const bus = options.bus ?? new InMemoryEventBus();
  const service = createMaintenanceOrchestratorService({
    bus,
    db,
    logger: options.logger ?? silentLogger(),
    ...(options.secrets === null ? {} : { secrets: options.secrets ?? TEST_KEYRING }),
    config: { outbox: { pollIntervalMs: 60_000 }, ...options.config },
    clock: () => NOW,
  });
  await service.start();
  return {
    service,
    bus,
    db,
    close: async () => {
      await service.stop();
      await bus.close();
      await db.close();
    },
  };
}

/** Every event published on a topic, in partition then offset order. */
export function published<T>(bus: InMemoryEventBus, topic: string): CloudEvent<T>[] {
  return bus
    .partitions(topic)
    .flatMap((log) => log.retained())
    .map((m) => JSON.parse(m.value.toString('utf8')) as CloudEvent<T>);
}

export function workOrderEvents(bus: InMemoryEventBus): CloudEvent<WorkOrderEventPayload>[] {
  return published<WorkOrderEventPayload>(bus, TOPICS.workOrders);
}

/** Resolves once the orchestrator's group has committed every message of `topic`. */
export async function waitConsumed(bus: InMemoryEventBus, topic: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ends = await bus.endOffsets(topic);
    const committed = await bus.committedOffsets(orchestratorGroup(topic), topic);
    if ([...ends].every(([p, end]) => end === '0' || committed.get(p) === end)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${topic} to be consumed`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let seq = 0;

export function anomaly(overrides: Partial<AnomalyDetectedPayload> = {}, id?: string): CloudEvent<AnomalyDetectedPayload> {
  seq += 1;
  const data: AnomalyDetectedPayload = {
    anomalyId: `an-${seq}`,
    assetId: 'pump-01',
    sensorId: 'pump-01.vib',
    windowStart: NOW.getTime() - 60_000,
    windowEnd: NOW.getTime(),
    score: 0.9,
    criticality: 'high',
    modelVersion: 'iforest-3',
    detectedAt: NOW.getTime(),
    contributors: [{ sensorId: 'pump-01.vib', feature: 'rms', value: 4.2, baseline: 1.1, z: 6.3 }],
    ...overrides,
  };
  return AnomalyDetected.create({ source: 'test', subject: data.assetId, data, ...(id ? { id } : {}) });
}

export function rul(overrides: Partial<RulPredictionPayload> = {}, id?: string): CloudEvent<RulPredictionPayload> {
  seq += 1;
  const data: RulPredictionPayload = {
    predictionId: `rul-${seq}`,
    assetId: 'pump-01',
    predictedAt: NOW.getTime(),
    asOf: NOW.getTime(),
    rul: 120,
    lower: 100,
    upper: 140,
    level: 0.9,
    unit: 'h',
    healthIndex: 0.4,
    modelVersion: 'gbt-2',
    ...overrides,
  };
  return RulPrediction.create({ source: 'test', subject: data.assetId, data, ...(id ? { id } : {}) });
}

export async function publishEvents(bus: InMemoryEventBus, topic: string, events: readonly CloudEvent<unknown>[]): Promise<void> {
  await bus.publish(
    topic,
    events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
  );
}
