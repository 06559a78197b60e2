import type { ClientSession, ClientSubscription, DataValue, StatusCode } from 'node-opcua';
import type { NodeHealth } from './node-health';
import { startPoller, type Poller } from './poll';
import { isSubscriptionRefusal, monitorSensors, openSubscription } from './subscribe';
import type { AcquisitionMode, SourceLogger, SourceNode } from './types';

export interface AcquireOptions {
  endpointUrl: string;
  mode: AcquisitionMode;
  publishingIntervalMs: number;
  pollIntervalMs: number;
  queueSize: number;
  samplingIntervalMs: number;
  onValue: (node: SourceNode, dataValue: DataValue) => void;
  health: NodeHealth;
  logger: SourceLogger;
}

export interface Acquisition {
  /** What is in use: 'poll' after a fallback even when 'subscribe' was asked for. */
  mode: AcquisitionMode;
  fallbackReason?: string;
  subscription: ClientSubscription | null;
  poller: Poller | null;
}

/** Monitors the nodes; refusals are returned, not reported, so the caller can tell a fallback from a bad node. */
export async function monitorNodes(sub: ClientSubscription, nodes: readonly SourceNode[], o: AcquireOptions) {
  const refused: [SourceNode, StatusCode][] = [];
  const count = await monitorSensors(sub, nodes, o.queueSize, o.onValue, o.logger, {
    samplingInterval: o.samplingIntervalMs,
    onRefused: (n, s) => refused.push([n, s]),
  });
  return { count, refused };
}

/** Subscribes, or polls when asked to or when the server does not do subscriptions. */
export async function startAcquisition(session: ClientSession, nodes: readonly SourceNode[], o: AcquireOptions): Promise<Acquisition> {
  let fallbackReason: string | undefined;
  if (o.mode === 'subscribe') {
    const opened = await openSubscription(session, o.publishingIntervalMs);
    if ('refused' in opened) fallbackReason = `CreateSubscription refused: ${opened.refused.name}`;
    else {
      const { count, refused } = await monitorNodes(opened.subscription, nodes, o);
      // Every item refused for a service reason (not one bad node): the server takes no monitored items at all.
      if (count === 0 && refused.length > 0 && refused.every(([, st]) => isSubscriptionRefusal(st))) {
        fallbackReason = `CreateMonitoredItems refused: ${refused[0]![1].name}`;
        await opened.subscription.terminate().catch(() => undefined);
      } else {
        for (const [node, st] of refused) o.health.fail(node, st.name);
        return { mode: 'subscribe', subscription: opened.subscription, poller: null };
      }
    }
    o.logger.warn({ endpointUrl: o.endpointUrl, reason: fallbackReason, pollIntervalMs: o.pollIntervalMs }, 'OPC UA server refuses subscriptions; polling instead');
  }
  const poller = startPoller({ session, nodes, intervalMs: o.pollIntervalMs, onValue: o.onValue, health: o.health, logger: o.logger });
  return { mode: 'poll', subscription: null, poller, ...(fallbackReason === undefined ? {} : { fallbackReason }) };
}
