/**
 * OPC UA source: learns the nodes to read (browsing Objects/Plant, or an explicit node list),
 * acquires them through one subscription, or by polling with Read when asked to or when the
 * server refuses subscriptions, and hands readings to the ingestion pipeline in batches.
 * Reconnection is node-opcua's: it repairs or re-creates the session and re-creates the
 * subscription after a server restart; the poller just reads again once the session is back.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientSession, DataValue, OPCUAClient } from 'node-opcua';
import type { AssetSpec } from '@vigie/plant-simulator';
import { monitorNodes, startAcquisition, type Acquisition, type AcquireOptions } from './opcua/acquire';
import { createClient, resolveSecurity, userIdentity, type ResolvedSecurity } from './opcua/client';
import { discoverPlant, toSourceNode } from './opcua/discover-plant';
import { describeStartError } from './opcua/errors';
import { resolveNodes } from './opcua/explicit-nodes';
import { createNodeHealth } from './opcua/node-health';
import { createReadingSink } from './opcua/reading-sink';
import { isNodeError } from './opcua/status-quality';
import type { OpcUaSourceOptions, OpcUaSourceWithStatus, SourceLogger, SourceNode, SourceState } from './opcua/types';

export * from './opcua/types';
export { discoverPlant, toSourceNode, type DiscoveredSensor } from './opcua/discover-plant';
export { monitorSensors, isSubscriptionRefusal } from './opcua/subscribe';
export { qualityOf, isNodeError, numericValue, toReading } from './opcua/status-quality';
export { OpcUaSourceError, type OpcUaFailure } from './opcua/errors';
export { resolveSecurity } from './opcua/client';

const DEFAULT_PKI_DIR = fileURLToPath(new URL('../../../../.vigie', import.meta.url));
const consoleLogger: SourceLogger = {
  info: (o, m) => console.info(m ?? '', o),
  warn: (o, m) => console.warn(m ?? '', o),
  error: (o, m) => console.error(m ?? '', o),
};

export function createOpcUaSource(options: OpcUaSourceOptions): OpcUaSourceWithStatus {
  const { endpointUrl, onStatus, logger = consoleLogger, publishingIntervalMs = 200, queueSize = 1000, pollIntervalMs = 1000 } = options;
  const pkiDir = options.pkiDir ?? path.join(process.env.VIGIE_STATE_DIR ?? DEFAULT_PKI_DIR, 'pki', 'ingestion-iiot');
  const health = createNodeHealth(logger);
  const sink = createReadingSink(options.onReadings, logger);
  let current: SourceState = 'stopped';
  let lastError: string | undefined;
  let acquisition: Acquisition | null = null;
  let security: ResolvedSecurity | undefined;
  let assets: AssetSpec[] = [];
  let nodes: SourceNode[] = [];
  let client: OPCUAClient | null = null;
  let session: ClientSession | null = null;

  const setState = (state: SourceState, error?: string): void => {
    current = state;
    lastError = error;
    onStatus?.(error === undefined ? { state } : { state, error });
  };

  const onValue = (node: SourceNode, dataValue: DataValue): void => {
    // A node deleted or locked while monitored reports it through its value: skip, not a sample.
    if (isNodeError(dataValue.statusCode)) return health.fail(node, dataValue.statusCode.name);
    if (health.isFailed(node)) health.recover(node);
    sink.accept(node, dataValue);
  };

  const acquireOptions: AcquireOptions = {
    endpointUrl,
    mode: options.mode ?? 'subscribe',
    publishingIntervalMs,
    pollIntervalMs,
    queueSize,
    samplingIntervalMs: options.samplingIntervalMs ?? 0,
    onValue,
    health,
    logger,
  };

  const wire = (c: OPCUAClient): void => {
    c.on('connection_lost', () => {
      logger.warn({ endpointUrl }, 'OPC UA connection lost');
      setState('reconnecting');
    });
    c.on('backoff', (retry: number, delay: number) => logger.info({ endpointUrl, retry, delay }, 'OPC UA connect retry'));
    // Fires once node-opcua has repaired the session and, on a server that forgot it,
    // re-created the subscription with its monitored items.
    c.on('after_reconnection', (error?: Error | null) => {
      if (error) return setState('reconnecting', error.message);
      logger.info({ endpointUrl }, 'OPC UA connection restored');
      setState('connected');
      // Items refused before (node missing on a server still starting) get another chance.
      const failed = nodes.filter((n) => health.isFailed(n));
      const subscription = acquisition?.subscription;
      if (subscription && failed.length > 0) {
        void monitorNodes(subscription, failed, acquireOptions).then(({ refused }) => refused.forEach(([n, st]) => health.fail(n, st.name)));
      }
    });
  };

  const teardown = async (): Promise<void> => {
    // The acquisition record stays: status() still tells how the source last acquired.
    await acquisition?.poller?.stop();
    if (session) await session.close(true).catch((e: unknown) => logger.warn({ error: String(e) }, 'session close failed'));
    session = null;
    await client?.disconnect().catch((e: unknown) => logger.warn({ error: String(e) }, 'disconnect failed'));
    client = null;
  };

  return {
    catalog: () => structuredClone(assets),
    state: () => current,
    status: () => ({
      state: current,
      ...(lastError === undefined ? {} : { error: lastError }),
      mode: acquisition?.mode ?? acquireOptions.mode,
      ...(acquisition?.fallbackReason === undefined ? {} : { fallbackReason: acquisition.fallbackReason }),
      securityMode: security?.mode ?? options.securityMode ?? 'None',
      nodes: nodes.length,
      failedNodes: health.list(),
    }),
    async start() {
      setState('connecting');
      try {
        security = resolveSecurity(options);
        const setup = createClient(options, pkiDir, security);
        client = setup.client;
        wire(client);
        await setup.prepare();
        await client.connect(endpointUrl);
        session = await client.createSession(userIdentity(options.user));
        if (options.nodes) nodes = resolveNodes(options.nodes, health);
        else {
          const discovered = await discoverPlant(session, logger);
          assets = discovered.assets;
          nodes = discovered.sensors.map(toSourceNode);
        }
        acquisition = await startAcquisition(session, nodes, acquireOptions);
        logger.info({ endpointUrl, security: `${security.mode}/${security.policy}`, mode: acquisition.mode, nodes: nodes.length, failed: health.list().length }, 'OPC UA source started');
        setState('connected');
      } catch (error) {
        const failure = describeStartError(error, {
          endpointUrl,
          securityMode: options.securityMode ?? 'None',
          securityPolicy: security?.policy ?? options.securityPolicy ?? 'None',
          ...(options.user ? { username: options.user.username } : {}),
        });
        await teardown();
        setState('stopped', failure.message);
        throw failure;
      }
    },
    async stop() {
      await teardown();
      await sink.drain();
      setState('stopped');
    },
  };
}
