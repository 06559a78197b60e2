/**
 * npm run bench:ingestion — readings per second from the plant simulator into `sensor_data`, through OPC UA
 * subscriptions and through MQTT (Sparkplug B via Mosquitto), with the freshness latency of stored data.
 *
 * Offered load = sensors × samplingHz × accel readings per wall second; the simulator's OPC UA server writes every
 * sample with its plant timestamp, the ingestion service (the real one: OPC UA source → `sensor-data` → store
 * consumer) writes them with bulk inserts. Rate = rows added to sensor_data per second over a steady window (counted
 * where they land). Latency: every 100 ms, wall-clock now − the wall time at which the newest stored reading was
 * produced (plant time mapped back through the acceleration); p50/p99 over the window.
 *
 * Database: PostgreSQL when DATABASE_URL is set (e.g. `npm run stack -- start`), else PGlite.
 * Last line JSON: {"opcua_readings_per_s", "mqtt_readings_per_s", "p99_ms"}.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createIngestionService } from '@vigie/ingestion-iiot';
import { createPlant, startMqttPublisher, startOpcUaServer, type Plant } from '@vigie/plant-simulator';
import type { SourceConfig } from '@vigie/ingestion-iiot';
import { InMemoryEventBus, PgliteDatabase, PostgresDatabase, SharedSchemaHost, silentLogger, type Database } from '@vigie/service-kit';
import { freePort } from '@vigie/service-kit-testing';

const OFFERED = Number(process.env.BENCH_OFFERED_PER_S ?? 25_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const tmp = mkdtempSync(path.join(tmpdir(), 'vigie-bench-ingestion-'));
process.env.XDG_CONFIG_HOME = tmp;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

async function openDatabase(): Promise<{ db: Database; close(): Promise<void>; kind: string }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `vigie_bench_ing_${Date.now().toString(36)}`;
    const admin = await PostgresDatabase.fromConfig({ url, poolSize: 1 });
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    const db = await PostgresDatabase.fromConfig({ url: url.replace(/\/[^/]*$/, `/${name}`), poolSize: 8 });
    return { db, close: () => db.close(), kind: 'PostgreSQL' };
  }
  const host = new SharedSchemaHost(await PgliteDatabase.open());
  return { db: host.forSchema('ingestion_iiot'), close: () => host.close(), kind: 'PGlite' };
}

interface Rig {
  plant: Plant;
  accel: number;
  wallStart: number;
  source: SourceConfig;
  stop(): Promise<void>;
}

async function measure(name: string, sensors: number, rig: Rig): Promise<{ rate: number; p50: number; p99: number }> {
  const { db, close, kind } = await openDatabase();
  const bus = new InMemoryEventBus();
  const service = createIngestionService({ bus, db, logger: silentLogger(), config: { sources: [rig.source], pkiDir: path.join(tmp, 'client') } });
  await service.start();
  const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM sensor_data')).rows[0]!.n);
  const newest = async () => (await db.query<{ t: Date | null }>('SELECT max(ts) AS t FROM sensor_data')).rows[0]!.t;
  await new Promise((r) => setTimeout(r, 5000)); // warm-up: subscriptions created, JIT, first batches
  const n0 = await count();
  const t0 = performance.now();
  const lags: number[] = [];
  const end = Date.now() + SECONDS * 1000;
  while (Date.now() < end) {
    const t = await newest();
    if (t) lags.push(Date.now() - (rig.wallStart + (new Date(t).getTime() - rig.plant.startTime) / rig.accel));
    await new Promise((r) => setTimeout(r, 100));
  }
  const rate = ((await count()) - n0) / ((performance.now() - t0) / 1000);
  console.info(`${name}: ${sensors} sensors, offered ${OFFERED} readings/s (accel ${rig.accel.toFixed(0)}), stored ${Math.round(rate)} readings/s into ${kind}; freshness p50 ${quantile(lags, 0.5).toFixed(0)} ms, p99 ${quantile(lags, 0.99).toFixed(0)} ms`);
  await service.stop();
  await rig.stop();
  await bus.close();
  await close();
  return { rate, p50: quantile(lags, 0.5), p99: quantile(lags, 0.99) };
}

const sensors = createPlant({ seed: 1 }).catalog().reduce((n, a) => n + a.sensors.length, 0);
const accel = OFFERED / sensors; // samplingHz 1: every sensor yields `accel` readings per wall second

async function opcuaRig(): Promise<Rig> {
  const plant = createPlant({ seed: 1, accel, samplingHz: 1 });
  const wallStart = Date.now();
  const server = await startOpcUaServer(plant, { port: await freePort(), host: '127.0.0.1', pkiDir: path.join(tmp, 'server') });
  return { plant, accel, wallStart, source: { id: 'sim', protocol: 'opcua', endpoint: server.endpointUrl }, stop: () => server.stop() };
}

/** Sparkplug B through Mosquitto (Debian's broker, run by infra/mosquitto/mosquitto.sh on a free port). */
async function mqttRig(): Promise<Rig> {
  const port = await freePort();
  const env = { ...process.env, MQTT_PORT: String(port), VIGIE_STATE_DIR: tmp };
  const started = spawnSync('bash', ['infra/mosquitto/mosquitto.sh', 'start'], { env, encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`mosquitto did not start: ${started.stderr}`);
  const url = `mqtt://127.0.0.1:${port}`;
  const plant = createPlant({ seed: 1, accel, samplingHz: 1 });
  const wallStart = Date.now();
  const publisher = await startMqttPublisher(plant, { url, format: 'sparkplugb', groupId: 'Vigie' });
  return {
    plant,
    accel,
    wallStart,
    source: { id: 'mqtt', protocol: 'mqtt', url, qos: 1, protocolVersion: 4, format: 'sparkplugb', assets: plant.catalog(), sparkplug: { groupId: 'Vigie', deviceMap: [{ assetId: '{device}', sensorId: '{asset}.{metric}', ignore: false }], rebirthIntervalMs: 5000 } },
    stop: async () => {
      await publisher.stop();
      spawnSync('bash', ['infra/mosquitto/mosquitto.sh', 'stop', '--wipe'], { env });
    },
  };
}

const opcua = await measure('opcua', sensors, await opcuaRig());
const mqtt = await measure('mqtt (sparkplug b)', sensors, await mqttRig());
console.log(JSON.stringify({ opcua_readings_per_s: Math.round(opcua.rate), mqtt_readings_per_s: Math.round(mqtt.rate), p99_ms: Math.round(Math.max(opcua.p99, mqtt.p99)) }));
process.exit(0);
