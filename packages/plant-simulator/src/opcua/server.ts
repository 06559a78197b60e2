import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  DataType,
  OPCUACertificateManager,
  OPCUAServer,
  StatusCodes,
  type StatusCode,
  type UAVariable,
} from 'node-opcua';
import type { Quality, Reading } from '../catalog';
import type { Plant } from '../plant';
import { defaultPkiDir } from '../pki';
import { buildPlantAddressSpace } from './address-space';
import { serverSecurityOptions, type OpcUaServerSecurity } from './security';

export type { OpcUaSecurityMode, OpcUaServerSecurity, OpcUaUser } from './security';

export interface OpcUaServerOptions extends OpcUaServerSecurity {
  port?: number;
  /** Interface to listen on and hostname advertised in the endpoint; all interfaces if omitted. */
  host?: string;
  /** PKI root; the server store goes in `server/`, the user-certificate store in `user/`. */
  pkiDir?: string;
  /** Wall-clock period of the ticker that advances the plant. */
  wallTickMs?: number;
  /**
   * false makes CreateSubscription fail with BadTooManySubscriptions, as small embedded servers
   * do, so clients can test their polling fallback. Default true.
   */
  allowSubscriptions?: boolean;
}

export interface RunningOpcUaServer {
  endpointUrl: string;
  /** The server's application certificate (DER), for clients that pin it. */
  certificate(): Buffer;
  stop(): Promise<void>;
}

const STATUS: Readonly<Record<Quality, StatusCode>> = {
  good: StatusCodes.Good,
  uncertain: StatusCodes.Uncertain,
  bad: StatusCodes.BadSensorFailure,
};

function certificateManager(rootFolder: string): OPCUACertificateManager {
  // A simulator has no trust decisions to make, and file watchers only slow start-up.
  return new OPCUACertificateManager({ rootFolder, automaticallyAcceptUnknownCertificate: true, disableFileWatchers: true });
}

function publish(variables: Map<string, UAVariable>, readings: Reading[]): void {
  // One write per sample, in time order: each write is a value change that exception-based
  // monitored items queue, so several samples due in the same tick all reach the client.
  for (const reading of readings) {
    const variant = reading.value === null ? { dataType: DataType.Null } : { dataType: DataType.Double, value: reading.value };
    variables.get(reading.sensorId)?.setValueFromSource(variant, STATUS[reading.quality], new Date(reading.ts));
  }
}

/** Serves the plant over OPC UA and drives it in real time at plant.accel. */
export async function startOpcUaServer(plant: Plant, options: OpcUaServerOptions = {}): Promise<RunningOpcUaServer> {
  const { port = 4840, host, wallTickMs = 200, allowSubscriptions = true } = options;
  const pkiDir = options.pkiDir ?? defaultPkiDir('plant-simulator');
  const server = new OPCUAServer({
    port,
    ...(host === undefined ? {} : { host, hostname: host }),
    buildInfo: { productName: 'Vigie plant simulator', manufacturerName: 'Vigie', softwareVersion: '0.1.0' },
    serverCertificateManager: certificateManager(path.join(pkiDir, 'server')),
    userCertificateManager: certificateManager(path.join(pkiDir, 'user')),
    ...serverSecurityOptions(options),
    // node-opcua coalesces exception-based changes over MinSupportedSampleRate (100 ms by
    // default) and would drop all but the last sample of a tick; 0 makes it report every change.
    serverCapabilities: { minSupportedSampleRate: 0 },
  });
  await server.initialize();
  // MaxSubscriptions 0 is honest in the ServerCapabilities node too; 0 in the constructor
  // options would be read as "use the default", hence the assignment once the engine exists.
  if (!allowSubscriptions) server.engine.serverCapabilities.maxSubscriptions = 0;
  const addressSpace = server.engine.addressSpace;
  if (!addressSpace) throw new Error('OPC UA server initialised without an address space');
  const variables = buildPlantAddressSpace(addressSpace, plant.catalog());
  publish(variables, plant.step(plant.simTime()));
  await server.start();

  // Anchor sim time on the start instant rather than summing tick durations, so the
  // simulated clock does not drift when ticks run late.
  const wallStart = performance.now();
  const simStart = plant.simTime();
  const ticker = setInterval(() => {
    publish(variables, plant.step(simStart + plant.accel * (performance.now() - wallStart)));
  }, wallTickMs);

  return {
    endpointUrl: `opc.tcp://${host ?? 'localhost'}:${port}`,
    certificate: () => Buffer.from(server.getCertificate()),
    async stop() {
      clearInterval(ticker);
      await server.shutdown(0);
    },
  };
}
