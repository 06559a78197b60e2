import { createContext, useContext, useState, type ReactNode } from 'react';
import { useMonitoringSocket, type MonitoringFeed } from '../hooks/use-monitoring-socket';
import { TopicFeedContext } from './topic-feed-context';
import { TopicSubscriptions } from './topic-subscriptions';

const LiveContext = createContext<MonitoringFeed | null>(null);

/**
 * One WebSocket to the monitoring service for the whole app; pages read the live plant state from it, and subscribe
 * to raw streams through `useTopicFeed` (one ref-counted registry, re-sent on every reconnect).
 */
export function LiveProvider({ children }: { readonly children: ReactNode }) {
  const [topics] = useState(() => new TopicSubscriptions());
  const feed = useMonitoringSocket(topics);
  return (
    <TopicFeedContext.Provider value={topics}>
      <LiveContext.Provider value={feed}>{children}</LiveContext.Provider>
    </TopicFeedContext.Provider>
  );
}

/** The live plant state (assets with health, open work orders, active alerts, services) and the link's state. */
export function useLive(): MonitoringFeed {
  const feed = useContext(LiveContext);
  if (feed === null) throw new Error('useLive needs a <LiveProvider> above it');
  return feed;
}
