import type { NodeId } from 'node-opcua';
import type { AssetSpec, Reading, SensorKind } from '@vigie/plant-simulator';

export interface SourceLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Same states as every ingestion source; a failed start is 'stopped' with an error (see OpcUaSourceError). */
export type SourceState = 'connecting' | 'connected' | 'reconnecting' | 'stopped';
export type SecurityModeName = 'None' | 'Sign' | 'SignAndEncrypt';
export type SecurityPolicyName = 'None' | 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss';
export type AcquisitionMode = 'subscribe' | 'poll';

/** One server variable read as one sensor: how Vigie reads servers that do not follow its Objects/Plant layout. */
export interface NodeMapping {
  /** node-opcua / OPC UA string form, e.g. `ns=2;s=Line1.Pump.Temperature` or `ns=3;i=1042`. */
  nodeId: string;
  assetId: string;
  sensorId: string;
  unit: string;
  kind: SensorKind;
}

/** A node the source acquires and the reading it becomes. */
export interface SourceNode {
  nodeId: NodeId;
  assetId: string;
  sensorId: string;
  unit: string;
}

export interface FailedNode {
  nodeId: string;
  sensorId: string;
  /** An OPC UA status code name (BadNodeIdUnknown…) or a configuration error. */
  error: string;
  /** ISO time of the first failure in this run. */
  since: string;
}

export interface OpcUaSourceStatus {
  state: SourceState;
  error?: string;
  /** The acquisition actually in use: 'poll' after a fallback even if 'subscribe' was asked for. */
  mode: AcquisitionMode;
  /** Why the source fell back to polling, when it did. */
  fallbackReason?: string;
  securityMode: SecurityModeName;
  nodes: number;
  failedNodes: FailedNode[];
}

export interface OpcUaSourceOptions {
  endpointUrl: string;
  onReadings: (readings: Reading[]) => void | Promise<void>;
  onStatus?: (status: { state: SourceState; error?: string }) => void;
  logger?: SourceLogger;
  publishingIntervalMs?: number;
  /** Per monitored item; must hold every sample produced during one publishing interval. */
  queueSize?: number;
  /** Client PKI root (own certificate, trusted/ and rejected/ stores). Services pass it from config. */
  pkiDir?: string;
  /** Ceiling of the reconnect backoff. */
  maxReconnectDelayMs?: number;
  /** Default 'None'. */
  securityMode?: SecurityModeName;
  /** Default 'None' with securityMode None, 'Basic256Sha256' otherwise. */
  securityPolicy?: SecurityPolicyName;
  /** Secret: sent only inside the session activation, never logged. Anonymous when absent. */
  user?: { username: string; password: string };
  /**
   * 'auto' (default) trusts any server certificate on first sight; 'pinned' only those in the
   * trust store: `<pkiDir>/trusted/certs`, plus every .der/.pem file of serverCertificatesDir.
   */
  trustServerCertificates?: 'auto' | 'pinned';
  serverCertificatesDir?: string;
  /** Monitored item sampling interval; default 0 (exception-based: every change, nothing sampled away). */
  samplingIntervalMs?: number;
  /** Default 'subscribe'; a server that refuses subscriptions makes the source poll anyway. */
  mode?: AcquisitionMode;
  /** Period of Read requests in poll mode; default 1000. */
  pollIntervalMs?: number;
  /** Read these nodes instead of browsing Objects/Plant. */
  nodes?: readonly NodeMapping[];
}

/** The shape every ingestion source shares (other adapters implement it too: keep it small). */
export interface OpcUaSource {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Assets learnt by browsing; empty with an explicit node list (the plant file describes those assets). */
  catalog(): AssetSpec[];
  state(): SourceState;
}

/** What createOpcUaSource returns: the source plus the details a health endpoint shows. */
export interface OpcUaSourceWithStatus extends OpcUaSource {
  status(): OpcUaSourceStatus;
}
