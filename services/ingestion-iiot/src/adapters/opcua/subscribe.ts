import {
  AttributeIds,
  DataChangeFilter,
  DataChangeTrigger,
  DeadbandType,
  StatusCodes,
  TimestampsToReturn,
  type ClientSession,
  type ClientSubscription,
  type DataValue,
  type NodeId,
  type StatusCode,
} from 'node-opcua';
import { statusOfError } from './errors';
import type { SourceLogger } from './types';

/** Answers of a server that does not do subscriptions at all: the cue to poll instead. */
const REFUSALS = new Set(
  [StatusCodes.BadServiceUnsupported, StatusCodes.BadTooManySubscriptions, StatusCodes.BadTooManyMonitoredItems, StatusCodes.BadNotImplemented]
    .map((s) => s.value),
);
export const isSubscriptionRefusal = (status: StatusCode | undefined): boolean => status !== undefined && REFUSALS.has(status.value);

/** A subscription, or the status code with which the server refused to create one. */
export async function openSubscription(
  session: ClientSession,
  publishingIntervalMs: number,
): Promise<{ subscription: ClientSubscription } | { refused: StatusCode }> {
  try {
    const subscription = await session.createSubscription2({
      requestedPublishingInterval: publishingIntervalMs,
      requestedLifetimeCount: 600,
      requestedMaxKeepAliveCount: 20,
      maxNotificationsPerPublish: 0, // unlimited: a publish must be able to carry a full tick
      publishingEnabled: true,
      priority: 10,
    });
    return { subscription };
  } catch (error) {
    const status = statusOfError(error);
    if (status && isSubscriptionRefusal(status)) return { refused: status };
    throw error;
  }
}

export interface MonitorOptions<T> {
  /** Default 0: exception-based, every change reported. */
  samplingInterval?: number;
  /** Reports each node the server refuses to monitor (instead of the default warning). */
  onRefused?: (node: T, status: StatusCode) => void;
}

/**
 * One monitored item per node. Every sample counts, so by default samplingInterval 0 (nothing
 * sampled away), discardOldest false, and a StatusValueTimestamp trigger so that a repeated
 * value (a stopped machine reading 0) with a new source timestamp is still reported.
 * An item the server refuses is logged, deleted and skipped; the others keep flowing.
 */
export async function monitorSensors<T extends { nodeId: NodeId }>(
  subscription: ClientSubscription,
  nodes: readonly T[],
  queueSize: number,
  onValue: (node: T, dataValue: DataValue) => void,
  logger: SourceLogger,
  options: MonitorOptions<T> = {},
): Promise<number> {
  const filter = new DataChangeFilter({ trigger: DataChangeTrigger.StatusValueTimestamp, deadbandType: DeadbandType.None });
  const samplingInterval = options.samplingInterval ?? 0;
  let monitored = 0;
  for (const node of nodes) {
    let status: StatusCode;
    try {
      const item = await subscription.monitor(
        { nodeId: node.nodeId, attributeId: AttributeIds.Value },
        { samplingInterval, queueSize, discardOldest: false, filter },
        TimestampsToReturn.Both,
      );
      if (item.statusCode.isGood()) {
        item.on('changed', (dataValue: DataValue) => onValue(node, dataValue));
        monitored++;
        continue;
      }
      // A per-item refusal (unknown node, bad filter) resolves rather than rejects. The item is
      // deleted so that node-opcua does not re-create it, unobserved, after a reconnection.
      status = item.statusCode;
      await item.terminate().catch(() => undefined);
    } catch (error) {
      status = statusOfError(error) ?? StatusCodes.BadUnexpectedError;
    }
    if (options.onRefused) options.onRefused(node, status);
    else logger.warn({ node: node.nodeId.toString(), error: status.toString() }, 'monitored item skipped');
  }
  return monitored;
}
