import { parseArgs } from 'node:util';
import { startModbusServer } from '../modbus/server';
import { startMqttPublisher } from '../mqtt/publisher';
import { startOpcUaServer } from '../opcua/server';
import { createPlant } from '../plant';
import { log, numberArg } from './log';

/**
 * `serve`: the plant over OPC UA, and over Modbus TCP and MQTT when asked. The OPC UA server
 * drives the plant clock; Modbus and MQTT follow it through plant.onReadings (drive: false).
 * SIGINT/SIGTERM stop every server cleanly (Sparkplug DDEATH/NDEATH included).
 */
export async function runServe(argv: string[]): Promise<void> {
  const { values: args } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4840' },
      host: { type: 'string' },
      accel: { type: 'string', default: '60' },
      seed: { type: 'string', default: '42' },
      'sampling-hz': { type: 'string' },
      'pki-dir': { type: 'string' },
      'status-every': { type: 'string', default: '10' },
      'modbus-port': { type: 'string' },
      'modbus-unit-id': { type: 'string', default: '1' },
      'mqtt-url': { type: 'string' },
      'mqtt-format': { type: 'string', default: 'json' },
      'mqtt-group': { type: 'string', default: 'Vigie' },
      'mqtt-edge-node': { type: 'string', default: 'plant-simulator' },
    },
  });
  const samplingHz = numberArg('sampling-hz', args['sampling-hz']);
  const plant = createPlant({
    seed: numberArg('seed', args.seed)!,
    accel: numberArg('accel', args.accel)!,
    ...(samplingHz === undefined ? {} : { samplingHz }),
  });
  const startedAt = performance.now();
  const stops: (() => Promise<void>)[] = [];
  const opcua = await startOpcUaServer(plant, {
    port: numberArg('port', args.port)!,
    ...(args.host === undefined ? {} : { host: args.host }),
    ...(args['pki-dir'] === undefined ? {} : { pkiDir: args['pki-dir'] }),
  });
  stops.push(() => opcua.stop());
  const endpoints: Record<string, string> = { opcua: opcua.endpointUrl };
  const modbusPort = numberArg('modbus-port', args['modbus-port']);
  if (modbusPort !== undefined) {
    const modbus = await startModbusServer(plant, {
      port: modbusPort, unitId: numberArg('modbus-unit-id', args['modbus-unit-id'])!, drive: false,
      ...(args.host === undefined ? {} : { host: args.host }),
      onError: (error) => log('error', 'modbus client error', { error: String(error) }),
    });
    stops.unshift(() => modbus.stop());
    endpoints.modbus = `modbus+tcp://${modbus.host}:${modbus.port}/unit/${modbus.unitId}`;
  }
  if (args['mqtt-url'] !== undefined) {
    const format = args['mqtt-format'];
    if (format !== 'json' && format !== 'sparkplugb') throw new Error(`--mqtt-format expects json|sparkplugb, got ${format}`);
    const mqtt = await startMqttPublisher(plant, {
      url: args['mqtt-url'], format, groupId: args['mqtt-group']!, edgeNode: args['mqtt-edge-node']!, drive: false,
      onError: (error) => log('error', 'mqtt error', { error: String(error) }),
    });
    stops.unshift(() => mqtt.stop());
    endpoints.mqtt = `${args['mqtt-url']} (${format})`;
  }
  log('info', 'plant simulator serving', {
    endpoints, startMs: Math.round(performance.now() - startedAt), seed: plant.seed, accel: plant.accel,
    assets: plant.catalog().map((a) => a.id), failures: plant.failures(),
  });

  // Periodic ground truth lets a demo operator see where the degrading assets stand without a client.
  const status = setInterval(() => {
    const truth = Object.fromEntries(plant.failures().map((f) => [f.assetId, plant.groundTruth(f.assetId)]));
    log('info', 'plant status', { simTime: new Date(plant.simTime()).toISOString(), ...truth });
  }, 1000 * numberArg('status-every', args['status-every'])!);

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(status);
    log('info', 'shutting down', { signal });
    try {
      for (const stop of stops) await stop();
      log('info', 'stopped');
      process.exit(0);
    } catch (error) {
      log('error', 'shutdown failed', { error: String(error) });
      process.exit(1);
    }
  };
  process.on('SIGINT', (s) => void shutdown(s));
  process.on('SIGTERM', (s) => void shutdown(s));
}
