/**
 * Runs the demo plant as an OPC UA server:
 *   node --import tsx packages/plant-simulator/src/cli.ts --port 4840 --accel 60 --seed 42
 * Logs one JSON object per line; SIGINT/SIGTERM shut the server down cleanly.
 */
import { parseArgs } from 'node:util';
import { startOpcUaServer } from './opcua/server';
import { createPlant } from './plant';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '4840' },
    host: { type: 'string' },
    accel: { type: 'string', default: '60' },
    seed: { type: 'string', default: '42' },
    'sampling-hz': { type: 'string' },
    'pki-dir': { type: 'string' },
    'status-every': { type: 'string', default: '10' },
  },
});

const log = (level: 'info' | 'error', msg: string, fields: object = {}): void => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, name: 'plant-simulator', msg, ...fields })}\n`);
};

const number = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`--${name} expects a number, got ${raw}`);
  return value;
};

const plant = createPlant({
  seed: number('seed', args.seed)!,
  accel: number('accel', args.accel)!,
  ...(args['sampling-hz'] === undefined ? {} : { samplingHz: number('sampling-hz', args['sampling-hz'])! }),
});
const startedAt = performance.now();
const server = await startOpcUaServer(plant, {
  port: number('port', args.port)!,
  ...(args.host === undefined ? {} : { host: args.host }),
  ...(args['pki-dir'] === undefined ? {} : { pkiDir: args['pki-dir'] }),
});
log('info', 'OPC UA server listening', {
  endpointUrl: server.endpointUrl,
  startMs: Math.round(performance.now() - startedAt),
  seed: plant.seed,
  accel: plant.accel,
  assets: plant.catalog().map((a) => a.id),
});

// Periodic ground truth lets a demo operator see where P-101 stands without a client.
const status = setInterval(() => {
  const simTime = plant.simTime();
  log('info', 'plant status', { simTime: new Date(simTime).toISOString(), 'P-101': plant.groundTruth('P-101') });
}, 1000 * number('status-every', args['status-every'])!);

let stopping = false;
const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
  if (stopping) return;
  stopping = true;
  clearInterval(status);
  log('info', 'shutting down', { signal });
  try {
    await server.stop();
    log('info', 'stopped');
    process.exit(0);
  } catch (error) {
    log('error', 'shutdown failed', { error: String(error) });
    process.exit(1);
  }
};
process.on('SIGINT', (s) => void shutdown(s));
process.on('SIGTERM', (s) => void shutdown(s));
