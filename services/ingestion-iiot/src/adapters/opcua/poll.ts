import { AttributeIds, type ClientSession, type DataValue } from 'node-opcua';
import type { NodeHealth } from './node-health';
import { isNodeError } from './status-quality';
import type { SourceLogger, SourceNode } from './types';

export interface PollerOptions {
  session: ClientSession;
  nodes: readonly SourceNode[];
  intervalMs: number;
  onValue: (node: SourceNode, dataValue: DataValue) => void;
  health: NodeHealth;
  logger: SourceLogger;
  /** A failed node is read again after this long, in case the server gained it (default 30 s). */
  retryFailedMs?: number;
  /** A Read that takes longer is abandoned so a dead connection cannot stall the loop (default 5 s). */
  readTimeoutMs?: number;
}

export interface Poller {
  stop(): Promise<void>;
}

// Servers cap the nodes per Read (OperationLimits.MaxNodesPerRead); 500 is under every cap seen in practice.
const CHUNK = 500;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Read timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reads every node with one Read service call per period (maxAge 0: the server must fetch a
 * fresh value). Samples between two polls are not seen: this is the fallback for servers that
 * refuse subscriptions. A failing Read (connection lost) is logged once per outage; node-opcua
 * repairs the session underneath and the next period reads again.
 */
export function startPoller(options: PollerOptions): Poller {
  const { session, nodes, intervalMs, onValue, health, logger, retryFailedMs = 30_000, readTimeoutMs = 5000 } = options;
  let stopped = false;
  let outage = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const due = (node: SourceNode, now: number): boolean => {
    const failedAt = health.failedAt(node);
    return failedAt === undefined || now - failedAt >= retryFailedMs;
  };

  const readOnce = async (): Promise<void> => {
    const batch = nodes.filter((n) => due(n, Date.now()));
    for (let i = 0; i < batch.length && !stopped; i += CHUNK) {
      const chunk = batch.slice(i, i + CHUNK);
      const values = await withTimeout(session.read(chunk.map((n) => ({ nodeId: n.nodeId, attributeId: AttributeIds.Value })), 0), readTimeoutMs);
      values.forEach((dataValue, j) => {
        const node = chunk[j]!;
        if (isNodeError(dataValue.statusCode)) return health.fail(node, dataValue.statusCode.name);
        if (health.isFailed(node)) health.recover(node);
        onValue(node, dataValue);
      });
    }
  };

  const tick = async (): Promise<void> => {
    const started = Date.now();
    try {
      await readOnce();
      if (outage) logger.info({ nodes: nodes.length }, 'OPC UA polling resumed');
      outage = false;
    } catch (error) {
      if (!outage) logger.warn({ error: String(error) }, 'OPC UA poll failed; retrying every period');
      outage = true;
    }
    if (!stopped) timer = setTimeout(() => { running = tick(); }, Math.max(0, intervalMs - (Date.now() - started)));
  };

  running = tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
