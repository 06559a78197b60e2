/**
 * OPC UA source: learns the plant by browsing Objects/Plant, subscribes to every sensor
 * variable and hands readings to the ingestion pipeline in batches, one per publish.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AttributeIds,
  BrowseDirection,
  DataChangeFilter,
  DataChangeTrigger,
  DeadbandType,
  MessageSecurityMode,
  NodeClass,
  OPCUACertificateManager,
  OPCUAClient,
  ReferenceTypeIds,
  SecurityPolicy,
  StatusCodes,
  TimestampsToReturn,
  browseAll,
  resolveNodeId,
  type ClientSession,
  type ClientSubscription,
  type DataValue,
  type NodeId,
  type ReferenceDescription,
} from 'node-opcua';
import type { AssetSpec, AssetType, Quality, Reading, SensorKind, SensorSpec } from '@vigie/plant-simulator';

export interface SourceLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type SourceState = 'connecting' | 'connected' | 'reconnecting' | 'stopped';

export interface OpcUaSourceOptions {
  endpointUrl: string;
  onReadings: (readings: Reading[]) => void | Promise<void>;
  onStatus?: (status: { state: SourceState; error?: string }) => void;
  logger?: SourceLogger;
  publishingIntervalMs?: number;
  /** Per monitored item; must hold every sample produced during one publishing interval. */
  queueSize?: number;
  /** Client PKI root. Services pass it from config; the default suits a dev checkout. */
  pkiDir?: string;
  /** Ceiling of the reconnect backoff. */
  maxReconnectDelayMs?: number;
}

export interface OpcUaSource {
  start(): Promise<void>;
  stop(): Promise<void>;
  catalog(): AssetSpec[];
  state(): SourceState;
}

/** A catalog sensor and the server node it was discovered at. */
export interface DiscoveredSensor {
  assetId: string;
  spec: SensorSpec;
  nodeId: NodeId;
}

const ASSET_TYPES: readonly AssetType[] = ['centrifugal-pump', 'motor', 'fan'];
const SENSOR_KINDS: readonly SensorKind[] = ['vibration', 'temperature', 'current', 'pressure', 'flow', 'speed'];
const DEFAULT_PKI_DIR = fileURLToPath(new URL('../../../../.vigie', import.meta.url));
const consoleLogger: SourceLogger = {
  info: (o, m) => console.info(m ?? '', o),
  warn: (o, m) => console.warn(m ?? '', o),
  error: (o, m) => console.error(m ?? '', o),
};

function quality(dataValue: DataValue): Quality {
  if (dataValue.statusCode.isGood()) return 'good';
  return dataValue.statusCode.isBad() ? 'bad' : 'uncertain';
}

/** Status codes a server uses before its variable ever held a measurement: not a reading. */
function isPlaceholder(dataValue: DataValue): boolean {
  const code = dataValue.statusCode.value;
  return code === StatusCodes.BadWaitingForInitialData.value || code === StatusCodes.UncertainInitialValue.value;
}

export function toReading(sensor: DiscoveredSensor, dataValue: DataValue): Reading {
  const q = quality(dataValue);
  const raw: unknown = dataValue.value.value;
  return {
    assetId: sensor.assetId,
    sensorId: sensor.spec.id,
    ts: (dataValue.sourceTimestamp ?? dataValue.serverTimestamp ?? new Date()).getTime(),
    value: q !== 'bad' && typeof raw === 'number' ? raw : null,
    unit: sensor.spec.unit,
    quality: q,
  };
}

const CHILDREN = {
  browseDirection: BrowseDirection.Forward,
  referenceTypeId: 'HierarchicalReferences',
  includeSubtypes: true,
  nodeClassMask: NodeClass.Object | NodeClass.Variable,
  resultMask: 0x3f,
};

async function browseChildren(session: ClientSession, nodeIds: NodeId[]): Promise<ReferenceDescription[][]> {
  const results = await browseAll(session, nodeIds.map((nodeId) => ({ ...CHILDREN, nodeId })));
  return results.map((r) => r.references ?? []);
}

const isProperty = (r: ReferenceDescription) => r.referenceTypeId.value === ReferenceTypeIds.HasProperty && r.referenceTypeId.namespace === 0;

/** Reads every property of the given nodes in one request: name → value, per node. */
async function readProperties(session: ClientSession, children: ReferenceDescription[][]): Promise<Map<string, unknown>[]> {
  const props = children.map((refs) => refs.filter(isProperty));
  const values = await session.read(props.flat().map((r) => ({ nodeId: r.nodeId, attributeId: AttributeIds.Value })));
  let i = 0;
  return props.map((refs) => new Map(refs.map((r) => [r.browseName.name ?? '', values[i++]?.value.value as unknown])));
}

function field<T extends 'string' | 'number'>(props: Map<string, unknown>, name: string, type: T): T extends 'string' ? string : number {
  const value = props.get(name);
  if (typeof value !== type) throw new Error(`property ${name} missing or not a ${type}`);
  return value as T extends 'string' ? string : number;
}

/** Builds the catalog from Objects/Plant. An asset or sensor that does not parse is logged and left out. */
export async function discoverPlant(session: ClientSession, logger: SourceLogger): Promise<{ assets: AssetSpec[]; sensors: DiscoveredSensor[] }> {
  const [objects = []] = await browseChildren(session, [resolveNodeId('ObjectsFolder')]);
  const plant = objects.find((r) => r.browseName.name === 'Plant');
  if (!plant) throw new Error('the server has no Objects/Plant folder');
  const [plantChildren = []] = await browseChildren(session, [plant.nodeId]);
  const assetRefs = plantChildren.filter((r) => r.nodeClass === NodeClass.Object);
  const assetChildren = await browseChildren(session, assetRefs.map((r) => r.nodeId));
  const sensorRefs = assetChildren.map((refs) => refs.filter((r) => r.nodeClass === NodeClass.Variable && !isProperty(r)));
  const sensorChildren = await browseChildren(session, sensorRefs.flat().map((r) => r.nodeId));
  const assetProps = await readProperties(session, assetChildren);
  const sensorProps = await readProperties(session, sensorChildren);

  const assets: AssetSpec[] = [];
  const sensors: DiscoveredSensor[] = [];
  let s = 0;
  assetRefs.forEach((ref, a) => {
    const id = ref.browseName.name ?? '';
    const refs = sensorRefs[a] ?? [];
    const specs: SensorSpec[] = [];
    for (const sensorRef of refs) {
      const props = sensorProps[s++] ?? new Map<string, unknown>();
      const kind = sensorRef.browseName.name as SensorKind;
      try {
        if (!SENSOR_KINDS.includes(kind)) throw new Error(`unknown sensor kind ${kind}`);
        const spec: SensorSpec = {
          id: `${id}.${kind}`, kind, unit: field(props, 'Unit', 'string'),
          min: field(props, 'RangeMin', 'number'), max: field(props, 'RangeMax', 'number'),
          samplingHz: field(props, 'SamplingHz', 'number'),
        };
        specs.push(spec);
        sensors.push({ assetId: id, spec, nodeId: sensorRef.nodeId });
      } catch (error) {
        logger.warn({ assetId: id, node: sensorRef.nodeId.toString(), error: String(error) }, 'sensor skipped');
      }
    }
    try {
      const props = assetProps[a] ?? new Map<string, unknown>();
      const type = field(props, 'AssetType', 'string') as AssetType;
      if (!ASSET_TYPES.includes(type)) throw new Error(`unknown asset type ${type}`);
      assets.push({
        id, name: field(props, 'Name', 'string'), type, site: field(props, 'Site', 'string'),
        area: field(props, 'Area', 'string'), line: field(props, 'Line', 'string'),
        location: { lat: field(props, 'Latitude', 'number'), lon: field(props, 'Longitude', 'number') },
        sensors: specs,
      });
    } catch (error) {
      logger.warn({ assetId: id, error: String(error) }, 'asset skipped');
    }
  });
  const kept = new Set(assets.map((a) => a.id));
  return { assets, sensors: sensors.filter((x) => kept.has(x.assetId)) };
}

/**
 * One monitored item per sensor. Every sample counts, so: samplingInterval 0 (exception-based,
 * nothing sampled away), discardOldest false, and a StatusValueTimestamp trigger so that a
 * repeated value (a stopped machine reading 0) with a new source timestamp is still reported.
 * An item the server refuses is logged and skipped; the others keep flowing.
 */
export async function monitorSensors(
  subscription: ClientSubscription,
  sensors: DiscoveredSensor[],
  queueSize: number,
  onValue: (sensor: DiscoveredSensor, dataValue: DataValue) => void,
  logger: SourceLogger,
): Promise<number> {
  const filter = new DataChangeFilter({ trigger: DataChangeTrigger.StatusValueTimestamp, deadbandType: DeadbandType.None });
  let monitored = 0;
  for (const sensor of sensors) {
    try {
      const item = await subscription.monitor(
        { nodeId: sensor.nodeId, attributeId: AttributeIds.Value },
        { samplingInterval: 0, queueSize, discardOldest: false, filter },
        TimestampsToReturn.Both,
      );
      // A per-item refusal (unknown node, bad filter) resolves rather than rejects.
      if (!item.statusCode.isGood()) throw new Error(item.statusCode.toString());
      item.on('changed', (dataValue: DataValue) => onValue(sensor, dataValue));
      monitored++;
    } catch (error) {
      logger.warn({ sensorId: sensor.spec.id, node: sensor.nodeId.toString(), error: String(error) }, 'monitored item skipped');
    }
  }
  return monitored;
}

export function createOpcUaSource(options: OpcUaSourceOptions): OpcUaSource {
  const { endpointUrl, onReadings, onStatus, logger = consoleLogger, publishingIntervalMs = 200, queueSize = 1000 } = options;
  const pkiDir = options.pkiDir ?? path.join(process.env.VIGIE_STATE_DIR ?? DEFAULT_PKI_DIR, 'pki', 'ingestion-iiot');
  const client = OPCUAClient.create({
    applicationName: 'vigie-ingestion-iiot',
    endpointMustExist: false,
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    keepSessionAlive: true,
    connectionStrategy: { initialDelay: 250, maxDelay: options.maxReconnectDelayMs ?? 2000, maxRetry: Number.MAX_SAFE_INTEGER },
    clientCertificateManager: new OPCUACertificateManager({ rootFolder: pkiDir, automaticallyAcceptUnknownCertificate: true, disableFileWatchers: true }),
  });
  let current: SourceState = 'stopped';
  let assets: AssetSpec[] = [];
  let session: ClientSession | null = null;
  let pending: Reading[] = [];
  let delivery: Promise<void> = Promise.resolve();
  const lastTs = new Map<string, number>();

  const setState = (state: SourceState, error?: string): void => {
    current = state;
    onStatus?.(error === undefined ? { state } : { state, error });
  };

  // All 'changed' events of one publish response fire in the same turn; flushing on
  // setImmediate turns them into one batch, and chaining keeps batches in order.
  const flush = (): void => {
    const batch = pending;
    if (batch.length === 0) return;
    pending = [];
    delivery = delivery
      .then(() => onReadings(batch))
      .catch((error: unknown) => logger.error({ error: String(error), size: batch.length }, 'onReadings failed'));
  };

  const onValue = (sensor: DiscoveredSensor, dataValue: DataValue): void => {
    if (isPlaceholder(dataValue)) return;
    const reading = toReading(sensor, dataValue);
    const previous = lastTs.get(reading.sensorId);
    // A re-created monitored item first reports the value we already have: same timestamp.
    if (previous === reading.ts) return;
    if (previous !== undefined && reading.ts < previous) {
      logger.warn({ sensorId: reading.sensorId, ts: reading.ts, previous }, 'source clock went backwards');
    }
    lastTs.set(reading.sensorId, reading.ts);
    if (pending.length === 0) setImmediate(flush);
    pending.push(reading);
  };

  client.on('connection_lost', () => {
    logger.warn({ endpointUrl }, 'OPC UA connection lost');
    setState('reconnecting');
  });
  client.on('backoff', (retry: number, delay: number) => logger.info({ endpointUrl, retry, delay }, 'OPC UA connect retry'));
  // node-opcua repairs the session and, on a server that forgot it, re-creates the
  // subscription with its monitored items; this fires once that is done.
  client.on('after_reconnection', (error?: Error | null) => {
    if (error) return setState('reconnecting', error.message);
    logger.info({ endpointUrl }, 'OPC UA connection restored');
    setState('connected');
  });

  return {
    catalog: () => structuredClone(assets),
    state: () => current,
    async start() {
      setState('connecting');
      try {
        await client.connect(endpointUrl);
        session = await client.createSession();
        const discovered = await discoverPlant(session, logger);
        assets = discovered.assets;
        const subscription = await session.createSubscription2({
          requestedPublishingInterval: publishingIntervalMs,
          requestedLifetimeCount: 600,
          requestedMaxKeepAliveCount: 20,
          maxNotificationsPerPublish: 0, // unlimited: a publish must be able to carry a full tick
          publishingEnabled: true,
          priority: 10,
        });
        const monitored = await monitorSensors(subscription, discovered.sensors, queueSize, onValue, logger);
        logger.info({ endpointUrl, assets: assets.length, sensors: discovered.sensors.length, monitored }, 'OPC UA source started');
        setState('connected');
      } catch (error) {
        await client.disconnect().catch(() => undefined);
        setState('stopped', String(error));
        throw error;
      }
    },
    async stop() {
      if (session) await session.close(true).catch((e: unknown) => logger.warn({ error: String(e) }, 'session close failed'));
      session = null;
      await client.disconnect();
      if (pending.length > 0) flush();
      await delivery;
      setState('stopped');
    },
  };
}
