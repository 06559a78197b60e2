import { useContext, useEffect, useRef } from 'react';
import { TopicFeedContext } from './topic-feed-context';
import type { LiveEvent, LiveTopic } from './live-topics';

export type { LiveEvent, LiveTopic } from './live-topics';

/**
 * Receives the raw streams `topics` of the assets `assetIds` from the monitoring socket while the component is
 * mounted. Subscriptions are ref-counted across components (the socket subscribes a (topic, asset) pair once, and
 * unsubscribes when its last user goes), re-sent after every reconnect, and only change when the *contents* of
 * `topics` / `assetIds` change: passing new arrays with the same items, or a new `onEvent` closure, on each render
 * sends nothing. `onEvent` is always the latest one passed. Sensor data arrives decimated to ≤ ~2 Hz per sensor.
 * The server requires explicit assets for raw streams (≤ 50 per client): an empty `assetIds` subscribes nothing.
 */
export function useTopicFeed(topics: readonly LiveTopic[], assetIds: readonly string[], onEvent: (e: LiveEvent) => void): void {
  const registry = useContext(TopicFeedContext);
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  const topicsKey = keyOf(topics);
  const assetsKey = keyOf(assetIds);
  useEffect(() => {
    if (registry === null) throw new Error('useTopicFeed needs a <LiveProvider> above it');
    const wantedTopics = splitKey(topicsKey) as LiveTopic[];
    const wantedAssets = splitKey(assetsKey);
    if (wantedTopics.length === 0 || wantedAssets.length === 0) return undefined;
    return registry.add(wantedTopics, wantedAssets, (event) => handler.current(event));
  }, [registry, topicsKey, assetsKey]);
}

/** An order-independent, duplicate-free key for a list of ids (ids never contain a newline). */
function keyOf(items: readonly string[]): string {
  return [...new Set(items)].sort().join('\n');
}

function splitKey(key: string): string[] {
  return key === '' ? [] : key.split('\n');
}
