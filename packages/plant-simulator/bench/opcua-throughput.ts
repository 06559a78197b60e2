/**
 * Prints OPC UA figures: server start time (cold and warm PKI), source start time, and the
 * readings/s the ingestion source receives at a given accel, against what the plant produced.
 *   node --import tsx packages/plant-simulator/bench/opcua-throughput.ts [--accel 600] [--seconds 10]
 * It drives the ingestion adapter through a relative path: adapters are not a package export,
 * and this figure is about the pair. Move it to /bench when that folder gets a home for it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createOpcUaSource } from '../../../services/ingestion-iiot/src/adapters/opcua-source';
import { createPlant, startOpcUaServer, type Plant, type Reading } from '../src/index';

const { values } = parseArgs({ options: { accel: { type: 'string', default: '600' }, seconds: { type: 'string', default: '10' } } });
const accel = Number(values.accel);
const seconds = Number(values.seconds);
const tmp = mkdtempSync(path.join(tmpdir(), 'vigie-bench-'));
process.env.XDG_CONFIG_HOME = tmp;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await run();
  return [result, Math.round(performance.now() - t0)];
}

const pkiDir = path.join(tmp, 'server');
const [cold, coldMs] = await timed(() => startOpcUaServer(createPlant({ accel }), { port: 48401, pkiDir }));
await cold.stop();

const written: Reading[] = [];
const plant = createPlant({ accel });
const counting: Plant = { ...plant, step: (to) => { const r = plant.step(to); written.push(...r); return r; } };
const [server, warmMs] = await timed(() => startOpcUaServer(counting, { port: 48402, pkiDir }));
const received: Reading[] = [];
let batches = 0;
const source = createOpcUaSource({
  endpointUrl: server.endpointUrl,
  onReadings: (batch) => { batches++; received.push(...batch); },
  logger: quiet,
  pkiDir: path.join(tmp, 'client'),
});
const [, sourceStartMs] = await timed(() => source.start());

const producedAtStart = written.length;
const receivedAtStart = received.length;
const t0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
const elapsed = (performance.now() - t0) / 1000;
const producedInWindow = written.length - producedAtStart;
const receivedInWindow = received.length - receivedAtStart;
// Loss: every sample written after the first one a sensor delivered, up to a cutoff that
// the publish pipeline has had a second to flush, must have been received.
const cutoff = plant.simTime();
await new Promise((r) => setTimeout(r, 1000));
const firstTs = new Map<string, number>();
for (const r of received) if (!firstTs.has(r.sensorId)) firstTs.set(r.sensorId, r.ts);
const got = new Set(received.map((r) => `${r.sensorId}@${r.ts}`));
const expected = written.filter((r) => r.ts <= cutoff && r.ts >= (firstTs.get(r.sensorId) ?? Infinity));
const lost = expected.filter((r) => !got.has(`${r.sensorId}@${r.ts}`)).length;
await source.stop();
await server.stop();

console.log(JSON.stringify({
  accel,
  sensors: plant.catalog().flatMap((a) => a.sensors).length,
  serverStartColdPkiMs: coldMs,
  serverStartWarmPkiMs: warmMs,
  sourceStartMs,
  windowSeconds: Number(elapsed.toFixed(2)),
  producedPerSecond: Math.round(producedInWindow / elapsed),
  receivedPerSecond: Math.round(receivedInWindow / elapsed),
  meanBatchSize: Math.round(received.length / batches),
  checkedForLoss: expected.length,
  lost,
}, null, 2));
process.exit(0);
