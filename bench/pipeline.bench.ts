/**
 * npm run bench:pipeline — the instrument the pipeline's performance is judged with.
 *
 * For each profile it measures, on the real services (preprocessing → feature-extraction → anomaly-detection):
 *  1. throughput: a burst of readings is published on `sensor-data`; readings/s = readings that LANDED in stored
 *     feature windows (sum of extracted_features.sample_count) / time from the first publish until they all landed;
 *  2. latency: readings published in real time (timestamp = publish time) at a steady rate; p50/p99 of the time
 *     from each reading's timestamp to the anomaly verdict on its window, read from anomaly-detection's
 *     `vigie_reading_to_verdict_seconds` histogram (interpolated within buckets). With 1 s tumbling windows a reading
 *     waits on average half a window before its window can close: that wait is part of the figure, honestly.
 *
 * embedded: in-process bus + PGlite, services in this process. distributed: Kafka + PostgreSQL (KAFKA_BROKERS,
 * DATABASE_URL, e.g. from `npm run stack -- start`), each service in its own process; skipped with a message when
 * those are not set. Last line: JSON [{"profile", "readings_per_s", "p50_ms", "p99_ms"}].
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SensorData, SERVICES, TOPICS } from '@vigie/contracts';
import { createAnomalyDetectionService } from '@vigie/anomaly-detection';
import { createFeatureExtractionService } from '@vigie/feature-extraction';
import { createPreprocessingService } from '@vigie/preprocessing';
import { InMemoryEventBus, KafkaEventBus, PgliteDatabase, PostgresDatabase, SharedSchemaHost, silentLogger, type Database, type EventBus } from '@vigie/service-kit';

const SENSORS = Number(process.env.BENCH_SENSORS ?? 200);
const BURST_SAMPLES = Number(process.env.BENCH_BURST_SAMPLES ?? 1000); // per sensor, at 100 Hz → 10 windows of 1 s
const PACE_HZ = Number(process.env.BENCH_PACE_HZ ?? 20); // per sensor during the latency phase
const PACE_SECONDS = Number(process.env.BENCH_PACE_SECONDS ?? 20);
const BATCH = 50;
const LATENCY = 'vigie_reading_to_verdict_seconds';

interface Result {
  profile: string;
  readings_per_s: number;
  p50_ms: number;
  p99_ms: number;
}

interface Rig {
  bus: EventBus;
  featuresDb: Database;
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sensorsOf(run: string): { assetId: string; sensorId: string }[] {
  return Array.from({ length: SENSORS }, (_, i) => ({ assetId: `B${run}-${Math.floor(i / 4)}`, sensorId: `B${run}-${Math.floor(i / 4)}.s${i % 4}` }));
}

async function publishSamples(bus: EventBus, sensors: ReturnType<typeof sensorsOf>, from: number, count: number, stepMs: number, value: (i: number) => number): Promise<void> {
  const messages = [];
  for (const s of sensors) {
    for (let k = 0; k < count; k += BATCH) {
      const n = Math.min(BATCH, count - k);
      const samples = Array.from({ length: n }, (_, j) => ({ ts: from + (k + j) * stepMs, value: value(k + j), quality: 'good' as const }));
      messages.push({ key: s.assetId, value: JSON.stringify(SensorData.create({ source: 'bench', subject: s.assetId, data: { assetId: s.assetId, sensorId: s.sensorId, unit: 'mm/s', samples } })) });
    }
  }
  for (let i = 0; i < messages.length; i += 500) await bus.publish(TOPICS.sensorData, messages.slice(i, i + 500));
}

async function landed(db: Database, run: string): Promise<number> {
  const { rows } = await db.query<{ n: string | null }>('SELECT sum(sample_count) AS n FROM extracted_features WHERE asset_id LIKE $1', [`B${run}-%`]);
  return Number(rows[0]?.n ?? 0);
}

/** Cumulative buckets [le, count] of a Prometheus histogram in exposition text. */
export function histogramBuckets(text: string, name: string): [number, number][] {
  const buckets: [number, number][] = [];
  for (const line of text.split('\n')) {
    const m = new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"[^}]*\\} (\\d+(?:\\.\\d+)?)`).exec(line);
    if (m) buckets.push([m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2])]);
  }
  return buckets.sort((a, b) => a[0] - b[0]);
}

/** Observations between two scrapes: the bucket counts of `after` minus those of `before`. */
export function bucketDelta(after: [number, number][], before: [number, number][]): [number, number][] {
  const prior = new Map(before);
  return after.map(([le, n]) => [le, n - (prior.get(le) ?? 0)]);
}

/** Quantile from cumulative buckets, linear within the bucket (as PromQL's histogram_quantile). */
export function histogramQuantile(buckets: [number, number][], q: number): number {
  const total = buckets[buckets.length - 1]?.[1] ?? 0;
  if (total === 0) return NaN;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const [le, count] of buckets) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return prevLe;
      return prevLe + ((le - prevLe) * (rank - prevCount)) / Math.max(1, count - prevCount);
    }
    prevLe = le;
    prevCount = count;
  }
  return prevLe;
}

async function measure(profile: string, rig: Rig): Promise<Result> {
  const run = Date.now().toString(36);
  const sensors = sensorsOf(run);
  // Phase 1: burst. The last window of each sensor stays open (no later sample closes it): it is not expected.
  const base = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
  const expected = SENSORS * (BURST_SAMPLES - 100);
  const t0 = performance.now();
  await publishSamples(rig.bus, sensors, base, BURST_SAMPLES, 10, (i) => 2 + Math.sin(i / 7));
  let got = 0;
  for (let waited = 0; got < expected; waited += 200) {
    if (waited > 600_000) throw new Error(`${profile}: only ${got}/${expected} readings landed in 10 minutes`);
    await sleep(200);
    got = await landed(rig.featuresDb, run);
  }
  const seconds = (performance.now() - t0) / 1000;
  const readingsPerS = got / seconds;
  console.info(`${profile}: burst of ${SENSORS * BURST_SAMPLES} readings, ${got} landed in windows in ${seconds.toFixed(2)} s → ${Math.round(readingsPerS)} readings/s`);

  // Phase 2: steady real-time stream on new sensors; baselines fit on the first 3 windows, then every window gets a
  // verdict. Only the verdicts of this phase count (the burst's readings carry timestamps an hour old).
  const before = histogramBuckets(await rig.metrics(), LATENCY);
  const live = sensorsOf(`${run}l`);
  const stepMs = 1000 / PACE_HZ;
  const perTick = Math.max(1, Math.round(PACE_HZ / 4));
  const end = Date.now() + PACE_SECONDS * 1000;
  let i = 0;
  while (Date.now() < end) {
    const tick = Date.now();
    await publishSamples(rig.bus, live, tick, perTick, stepMs, (k) => 2 + Math.sin((i + k) / 5));
    i += perTick;
    await sleep(Math.max(0, perTick * stepMs - (Date.now() - tick)));
  }
  await sleep(2500);
  const steady = bucketDelta(histogramBuckets(await rig.metrics(), LATENCY), before);
  const count = steady[steady.length - 1]?.[1] ?? 0;
  const p50 = histogramQuantile(steady, 0.5) * 1000;
  const p99 = histogramQuantile(steady, 0.99) * 1000;
  console.info(`${profile}: steady ${SENSORS * PACE_HZ} readings/s for ${PACE_SECONDS} s, ${count} latency samples: p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (1 s windows)`);
  return { profile, readings_per_s: Math.round(readingsPerS), p50_ms: Math.round(p50), p99_ms: Math.round(p99) };
}

async function embeddedRig(): Promise<Rig> {
  const bus = new InMemoryEventBus();
  const host = new SharedSchemaHost(await PgliteDatabase.open());
  const deps = (schema: string) => ({ bus, db: host.forSchema(schema), logger: silentLogger() });
  const services = [
    createPreprocessingService(deps('preprocessing')),
    createFeatureExtractionService({ ...deps('feature_extraction'), config: { windowSeconds: 1, minSamples: 2 } }),
    createAnomalyDetectionService({ ...deps('anomaly_detection'), config: { baselineWindows: 3 } }),
  ];
  for (const s of services) await s.start();
  return {
    bus,
    featuresDb: host.forSchema('feature_extraction'),
    metrics: async () => (await services[2]!.app.inject({ method: 'GET', url: '/actuator/prometheus' })).body,
    stop: async () => {
      for (const s of services) await s.stop();
      await bus.close();
      await host.close();
    },
  };
}

async function distributedRig(brokers: string, url: string): Promise<Rig> {
  const offset = 33_000;
  const dbName = `vigie_bench_${Date.now().toString(36)}`;
  const admin = await PostgresDatabase.fromConfig({ url, poolSize: 1 });
  await admin.exec(`CREATE DATABASE ${dbName}`);
  await admin.close();
  const dbUrl = url.replace(/\/[^/]*$/, `/${dbName}`);
  const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '../apps/platform/src/cli.ts');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-'));
  const env = { ...process.env, KAFKA_BROKERS: brokers, DATABASE_URL: dbUrl, VIGIE_PORT_OFFSET: String(offset), VIGIE_DATA_DIR: dataDir, FEATURE_WINDOW_SECONDS: '1', ANOMALY_BASELINE_WINDOWS: '3', LOG_LEVEL: 'warn', VIGIE_HOST: '127.0.0.1' };
  const children: ChildProcess[] = ['preprocessing', 'feature-extraction', 'anomaly-detection'].map((name) =>
    spawn(process.execPath, ['--import', 'tsx', cli, 'start', '--profile', 'distributed', '--service', name], { env, stdio: 'inherit' }),
  );
  const anomalyUrl = `http://127.0.0.1:${SERVICES['anomaly-detection'].port + offset}`;
  for (const port of [8082, 8083, 8084]) {
    for (let t = 0; ; t++) {
      if (t > 120) throw new Error(`service on ${port + offset} did not come up`);
      const ok = await fetch(`http://127.0.0.1:${port + offset}/actuator/health`).then((r) => r.ok, () => false);
      if (ok) break;
      await sleep(500);
    }
  }
  await sleep(5000); // consumer groups join
  const bus = KafkaEventBus.fromConfig({ brokers: brokers.split(','), clientId: 'vigie-bench' });
  const featuresDb = await PostgresDatabase.fromConfig({ url: dbUrl, poolSize: 2, searchPath: ['feature_extraction'] });
  return {
    bus,
    featuresDb,
    metrics: async () => (await fetch(`${anomalyUrl}/actuator/prometheus`)).text(),
    stop: async () => {
      await Promise.all(children.map((c) => new Promise((r) => (c.once('exit', r), c.kill('SIGTERM')))));
      await bus.close();
      await featuresDb.close();
    },
  };
}

const results: Result[] = [];
const embedded = await embeddedRig();
try {
  results.push(await measure('embedded', embedded));
} finally {
  await embedded.stop();
}
const brokers = process.env.KAFKA_BROKERS;
const url = process.env.DATABASE_URL;
if (brokers && url) {
  const distributed = await distributedRig(brokers, url);
  try {
    results.push(await measure('distributed', distributed));
  } finally {
    await distributed.stop();
  }
} else {
  console.info('distributed: skipped — set KAFKA_BROKERS and DATABASE_URL (npm run stack -- start) to measure it');
}
console.log(JSON.stringify(results));
process.exit(0);
