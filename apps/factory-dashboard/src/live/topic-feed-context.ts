import { createContext } from 'react';
import type { TopicSubscriptions } from './topic-subscriptions';

/** The app's one raw-stream registry, provided by <LiveProvider> next to the live plant state. */
export const TopicFeedContext = createContext<TopicSubscriptions | null>(null);
