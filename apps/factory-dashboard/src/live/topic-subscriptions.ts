import type { LiveEvent, LiveTopic } from './live-topics';

/** What the registry asks the socket to send (the server's subscribe/unsubscribe messages). */
export interface SubscriptionRequest {
  readonly type: 'subscribe' | 'unsubscribe';
  readonly topics: readonly LiveTopic[];
  readonly assets: readonly string[];
}

type Listener = (event: LiveEvent) => void;

interface Registration {
  readonly topics: ReadonlySet<LiveTopic>;
  readonly assets: ReadonlySet<string>;
  readonly listener: Listener;
}

/**
 * The raw-stream subscriptions of every mounted `useTopicFeed`, ref-counted per (topic, asset) pair: the socket is
 * asked to subscribe a pair when its first user arrives and to unsubscribe it when its last one leaves, so many
 * components watching one asset cost one subscription. `connected(send)` re-sends the whole set (a new socket knows
 * nothing); while disconnected, changes only update the counts. Framework-free so the bookkeeping is unit-tested.
 */
export class TopicSubscriptions {
  readonly #counts = new Map<string, number>();
  readonly #registrations = new Set<Registration>();
  #send: ((request: SubscriptionRequest) => void) | null = null;

  /** Adds a user of every (topic, asset) pair; returns the function that removes it again. */
  add(topics: readonly LiveTopic[], assets: readonly string[], listener: Listener): () => void {
    const registration: Registration = { topics: new Set(topics), assets: new Set(assets), listener };
    this.#registrations.add(registration);
    const added: [LiveTopic, string][] = [];
    for (const [topic, asset] of pairs(registration)) {
      const key = pairKey(topic, asset);
      const count = this.#counts.get(key) ?? 0;
      this.#counts.set(key, count + 1);
      if (count === 0) added.push([topic, asset]);
    }
    this.#emit('subscribe', added);
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.#registrations.delete(registration);
      const gone: [LiveTopic, string][] = [];
      for (const [topic, asset] of pairs(registration)) {
        const key = pairKey(topic, asset);
        const count = (this.#counts.get(key) ?? 1) - 1;
        if (count > 0) this.#counts.set(key, count);
        else {
          this.#counts.delete(key);
          gone.push([topic, asset]);
        }
      }
      this.#emit('unsubscribe', gone);
    };
  }

  /** A socket opened: from now on changes go to `send`, starting with every pair currently wanted. */
  connected(send: (request: SubscriptionRequest) => void): void {
    this.#send = send;
    this.#emit('subscribe', [...this.#counts.keys()].map(splitPair));
  }

  /** The socket closed: nothing to send until the next `connected`. */
  disconnected(): void {
    this.#send = null;
  }

  /** Hands a relayed event to every registration that asked for its topic and asset. */
  dispatch(event: LiveEvent): void {
    for (const r of [...this.#registrations]) {
      if (r.topics.has(event.topic) && r.assets.has(event.assetId)) r.listener(event);
    }
  }

  /** The (topic, asset) pairs currently wanted and how many users each has, for tests and debugging. */
  counts(): ReadonlyMap<string, number> {
    return new Map(this.#counts);
  }

  /** Groups pairs into as few requests as possible: topics that share the same asset list go together. */
  #emit(type: SubscriptionRequest['type'], changed: readonly [LiveTopic, string][]): void {
    if (this.#send === null || changed.length === 0) return;
    const assetsByTopic = new Map<LiveTopic, string[]>();
    for (const [topic, asset] of changed) assetsByTopic.set(topic, [...(assetsByTopic.get(topic) ?? []), asset]);
    const topicsByAssets = new Map<string, { topics: LiveTopic[]; assets: string[] }>();
    for (const [topic, assets] of assetsByTopic) {
      const sorted = [...assets].sort();
      const key = sorted.join('\n');
      const group = topicsByAssets.get(key) ?? { topics: [], assets: sorted };
      group.topics.push(topic);
      topicsByAssets.set(key, group);
    }
    for (const { topics, assets } of topicsByAssets.values()) this.#send({ type, topics: [...topics].sort(), assets });
  }
}

function* pairs(r: Registration): Generator<[LiveTopic, string]> {
  for (const topic of r.topics) for (const asset of r.assets) yield [topic, asset];
}

// Topics never contain a space; asset ids may, so the topic comes first and the split is on the first space.
function pairKey(topic: LiveTopic, asset: string): string {
  return `${topic} ${asset}`;
}

function splitPair(key: string): [LiveTopic, string] {
  const at = key.indexOf(' ');
  return [key.slice(0, at) as LiveTopic, key.slice(at + 1)];
}
