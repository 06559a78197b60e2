/**
 * The services of the anomaly path in this process, wired as the embedded platform wires them (apps/platform
 * buildService), fed from a simulated plant whose clock is decoupled from the wall clock. Used by
 * bench/false-alarms.bench.ts, by test/integration/rul-simulator.int.test.ts (with rul-prediction added) and
 * test/integration/predictive-maintenance.int.test.ts (with rul-prediction and maintenance-orchestrator).
 *
 * Runs ingestion-iiot (asset registry over HTTP, `sensor_data` store, Parquet archive; its OPC UA source is configured
 * but never started), preprocessing, feature-extraction and anomaly-detection on one InMemoryEventBus and one
 * in-memory PGlite (a schema per service). The readings the OPC UA source would deliver are published on
 * `sensor-data` directly, batched per sensor as ingestion batches them (batchReadings), with ingestion's event source.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dlqTopic, SensorData, TOPICS, type ServiceName, type Topic } from '@vigie/contracts';
import { batchReadings, type IngestionService } from '@vigie/ingestion-iiot';
import { buildService, loadSettings, schemaOf, servicePort, type PlatformSettings } from '@vigie/platform';
import { createPlant, DEFAULT_FAILURES, type FailureSpec, type Plant } from '@vigie/plant-simulator';
import { createLogger, InMemoryEventBus, PgliteDatabase, SharedSchemaHost, type Database, type Service } from '@vigie/service-kit';

/** The services whose code the measurement runs, in pipeline order. */
export const RIG_SERVICES = [
  'ingestion-iiot',
  'preprocessing',
  'feature-extraction',
  'anomaly-detection',
] as const satisfies readonly ServiceName[];

/** Which consumer must have read each topic before the pipeline is idle. */
const STAGES: readonly [ServiceName, Topic][] = [
  ['ingestion-iiot', TOPICS.sensorData],
  ['preprocessing', TOPICS.sensorData],
  ['feature-extraction', TOPICS.preprocessedData],
  ['anomaly-detection', TOPICS.extractedFeatures],
  ['rul-prediction', TOPICS.extractedFeatures],
  ['maintenance-orchestrator', TOPICS.anomaliesDetected],
  ['maintenance-orchestrator', TOPICS.rulPredictions],
];

export interface RigOptions {
  featureWindowSeconds: number;
  anomalyBaselineWindows: number;
  /**
   * Added to the default ports. Ingestion listens (feature-extraction reads asset types from it over HTTP), and
   * feature-extraction and anomaly-detection (a training job reads stored windows from feature-extraction).
   */
  portOffset: number;
  logLevel: string;
  /**
   * The services to run, in pipeline order (RIG_SERVICES by default). ingestion-iiot, preprocessing and
   * feature-extraction are always needed; `rul-prediction` listens too and reads asset types from ingestion;
   * `maintenance-orchestrator` (after the models) listens too, with its demo technicians as the platform wires it.
   */
  services?: readonly ServiceName[];
}

export interface PlantRig {
  settings: PlatformSettings;
  db(service: ServiceName): Database;
  /** Base URL of a listening service (ingestion-iiot, feature-extraction, anomaly-detection). */
  url(service: ServiceName): string;
  /** Publishes the plant's readings up to `toSimTimeMs` on `sensor-data`; returns how many. */
  feed(plant: Plant, toSimTimeMs: number): Promise<number>;
  /** Resolves once every stage has consumed everything published so far. */
  drain(timeoutMs?: number): Promise<void>;
  /** Messages dead-lettered on the pipeline's topics (expected 0). */
  deadLetters(): Promise<number>;
  stop(): Promise<void>;
}

const LISTENING = new Set<ServiceName>(['feature-extraction', 'anomaly-detection', 'rul-prediction', 'maintenance-orchestrator']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function consumed(service: Service, topic: Topic): Promise<number> {
  const { values } = await service.ctx.metrics.eventsConsumed.get();
  return values.filter((v) => v.labels.topic === topic).reduce((n, v) => n + v.value, 0);
}

export async function startPlantRig(plant: Plant, o: RigOptions): Promise<PlantRig> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-false-alarms-'));
  // Only the pipeline's own knobs come from the environment: a FEAST_URL or MLFLOW_URL set for something else must not
  // move the measurement onto other infrastructure.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k.startsWith('PREPROCESSING_') || k === 'FEATURE_PROFILES_FILE'),
  );
  const base = loadSettings(env);
  const settings = loadSettings(env, {
    dataDir,
    portOffset: o.portOffset,
    host: '127.0.0.1',
    featureWindowSeconds: o.featureWindowSeconds,
    anomalyBaselineWindows: o.anomalyBaselineWindows,
    // Live, every sensor speaks every 200 ms of wall time and the idle flush never fires. Here the bench pauses
    // between chunks of plant time; a flush there would cut Hampel's look-ahead short, an artefact of the bench.
    preprocessing: { ...base.preprocessing, idleFlushMs: 24 * 3_600_000 },
    simulator: { ...base.simulator, enabled: false },
  });
  const logger = createLogger('false-alarms-bench', o.logLevel);
  const bus = new InMemoryEventBus();
  const host = new SharedSchemaHost(await PgliteDatabase.open());
  const services = new Map<ServiceName, Service>();
  const db = (name: ServiceName) => host.forSchema(schemaOf(name));
  const names = o.services ?? RIG_SERVICES;
  const stages = STAGES.filter(([name]) => names.includes(name));
  for (const name of names) {
    const deps = { bus, db: db(name), logger: logger.child({ service: name }) };
    // The platform leaves rul-prediction's ingestion URL at its default port; the rig's ports are offset.
    const rulDeps = { ...deps, config: { ingestionUrl: `http://${settings.host}:${servicePort(settings, 'ingestion-iiot')}` } };
    services.set(name, buildService(name, name === 'rul-prediction' ? rulDeps : deps, settings, { autoStartSources: false }));
  }
  const ingestion = services.get('ingestion-iiot') as IngestionService;
  await ingestion.listen(servicePort(settings, 'ingestion-iiot'), settings.host);
  // What the OPC UA source stores once it has browsed the plant: feature-extraction picks each asset's profile by type.
  await ingestion.repository.upsertCatalog('plant-opcua', plant.catalog());
  for (const name of names.slice(1)) {
    const service = services.get(name)!;
    if (LISTENING.has(name)) await service.listen(servicePort(settings, name), settings.host);
    else await service.start();
  }

  const endOf = async (topic: Topic) => [...(await bus.endOffsets(topic)).values()].reduce((n, v) => n + Number(v), 0);
  return {
    settings,
    db,
    url: (name) => `http://${settings.host}:${servicePort(settings, name)}`,
    async feed(p, toSimTimeMs) {
      const readings = p.step(toSimTimeMs);
      const events = batchReadings(readings).map((b) =>
        SensorData.create({ source: 'vigie/ingestion-iiot/plant-opcua', subject: b.data.assetId, data: b.data, id: b.id }),
      );
      await ingestion.ctx.publish(TOPICS.sensorData, events);
      return readings.length;
    },
    async drain(timeoutMs = 600_000) {
      const deadline = Date.now() + timeoutMs;
      for (const [name, topic] of stages) {
        const target = await endOf(topic);
        while ((await consumed(services.get(name)!, topic)) < target) {
          if (Date.now() > deadline) throw new Error(`${name} did not consume ${topic} within ${timeoutMs} ms`);
          await sleep(10);
        }
      }
    },
    async deadLetters() {
      let n = 0;
      for (const [, topic] of stages) n += await endOf(dlqTopic(topic) as Topic).catch(() => 0);
      return n;
    },
    async stop() {
      for (const name of [...names].reverse()) await services.get(name)!.stop();
      await bus.close();
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A row of rul-prediction's `GET /api/v1/rul/models` (the fields the rig's users read). */
export interface RulModelRow {
  name: string;
  status: string;
  version: string;
  metrics: Record<string, number>;
  params: Record<string, unknown>;
}

/**
 * Polls rul-prediction's model list until `model` has a champion (the embedded wiring bootstraps the demo's model on a
 * start without one); undefined when none shows within `timeoutMs`.
 */
export async function waitForRulChampion(rulUrl: string, model: string, timeoutMs = 120_000): Promise<RulModelRow | undefined> {
  // performance.now(): tests may fake Date to plant time.
  for (const deadline = performance.now() + timeoutMs; performance.now() < deadline;) {
    const { models } = (await (await fetch(`${rulUrl}/api/v1/rul/models`)).json()) as { models: RulModelRow[] };
    const champion = models.find((m) => m.name === model && m.status === 'champion');
    if (champion) return champion;
    await new Promise((r) => setTimeout(r, 200));
  }
  return undefined;
}

/**
 * The simulator tests' scenario: the demo's degrading pump P-101 (its default bearing-wear failure, seed 2027 — not the
 * demo RUL model's training seed) with `healthy` assets beside it from `start`, through `services` with windows of
 * `windowSeconds`.
 */
export async function startDegradingPumpRig(o: {
  start: number;
  windowSeconds: number;
  portOffset: number;
  services: readonly ServiceName[];
  healthy?: readonly string[];
}): Promise<{ plant: Plant; rig: PlantRig; failure: FailureSpec }> {
  const failure = DEFAULT_FAILURES.find((f) => f.assetId === 'P-101')!;
  const plant = createPlant({ seed: 2027, startTime: o.start, accel: 1, assets: ['P-101', ...(o.healthy ?? [])], failures: [failure] });
  const rig = await startPlantRig(plant, {
    featureWindowSeconds: o.windowSeconds,
    anomalyBaselineWindows: 6,
    portOffset: o.portOffset,
    logLevel: 'warn',
    services: o.services,
  });
  return { plant, rig, failure };
}
