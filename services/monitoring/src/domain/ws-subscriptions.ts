import {
  WS_ENTITY_TOPICS,
  WS_MAX_ASSETS_PER_CLIENT,
  WS_RAW_TOPICS,
  type WsClientMessage,
  type WsErrorCode,
  type WsSubscription,
  type WsTopic,
} from '@vigie/contracts';

export type SubscriptionResult = { readonly ok: true } | { readonly ok: false; readonly code: WsErrorCode; readonly message: string };

const RAW = new Set<WsTopic>(WS_RAW_TOPICS);

/** Every asset, or these ones. */
type Selection = 'all' | ReadonlySet<string>;

/**
 * What one /ws/monitoring client receives. Entity topics start subscribed for every asset (the dashboard of before
 * subscriptions keeps working); raw streams start off and need explicit assets. `subscribe` adds to a selection
 * (adding assets to an every-asset selection leaves it every asset), `unsubscribe` without assets drops the topic,
 * with assets removes those. A rejected message changes nothing. Pure: no I/O.
 */
export class ClientSubscriptions {
  #selections = new Map<WsTopic, Selection>(WS_ENTITY_TOPICS.map((t) => [t, 'all']));

  apply(msg: WsClientMessage): SubscriptionResult {
    const assets = [...new Set(msg.assets ?? [])];
    const next = new Map(this.#selections);
    for (const topic of new Set(msg.topics)) {
      const current = next.get(topic);
      if (msg.type === 'subscribe') {
        if (assets.length === 0) {
          if (RAW.has(topic)) return fail('WS_ASSETS_REQUIRED', `'${topic}' is a raw stream: subscribe with an explicit "assets" list`);
          next.set(topic, 'all');
        } else if (current !== 'all') {
          next.set(topic, new Set([...(current ?? []), ...assets]));
        }
      } else if (assets.length === 0 || current === undefined) {
        next.delete(topic);
      } else if (current === 'all') {
        return fail(
          'WS_INVALID_MESSAGE',
          `'${topic}' is subscribed for every asset: unsubscribe the topic without "assets", then subscribe the assets wanted`,
        );
      } else {
        const left = new Set([...current].filter((a) => !assets.includes(a)));
        if (left.size === 0) next.delete(topic);
        else next.set(topic, left);
      }
    }
    const named = namedAssets(next);
    if (named > WS_MAX_ASSETS_PER_CLIENT) {
      return fail('WS_TOO_MANY_ASSETS', `subscriptions would name ${named} assets; at most ${WS_MAX_ASSETS_PER_CLIENT} per client`);
    }
    this.#selections = next;
    return { ok: true };
  }

  /** Whether a message of `topic` about `assetId` goes to this client (null: not about one asset, e.g. services). */
  wants(topic: WsTopic, assetId: string | null): boolean {
    const selection = this.#selections.get(topic);
    if (selection === undefined) return false;
    return selection === 'all' || assetId === null || selection.has(assetId);
  }

  list(): WsSubscription[] {
    return [...this.#selections]
      .map(([topic, s]) => ({ topic, assets: s === 'all' ? null : [...s].sort() }))
      .sort((a, b) => a.topic.localeCompare(b.topic));
  }
}

function namedAssets(selections: ReadonlyMap<WsTopic, Selection>): number {
  const all = new Set<string>();
  for (const s of selections.values()) if (s !== 'all') for (const a of s) all.add(a);
  return all.size;
}

function fail(code: WsErrorCode, message: string): SubscriptionResult {
  return { ok: false, code, message };
}
