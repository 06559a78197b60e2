// @vitest-environment happy-dom
import { act, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ReactNode } from 'react';
import { TopicFeedContext } from '../../src/live/topic-feed-context';
import { TopicSubscriptions, type SubscriptionRequest } from '../../src/live/topic-subscriptions';
import { useTopicFeed, type LiveEvent, type LiveTopic } from '../../src/live/use-topic-feed';

const rulEvent = (assetId: string, rul: number): LiveEvent => ({
  topic: 'rul-predictions',
  assetId,
  payload: {
    predictionId: `p-${rul}`,
    assetId,
    predictedAt: 1,
    asOf: 1,
    rul,
    lower: rul - 10,
    upper: rul + 10,
    level: 0.9,
    unit: 'h',
    healthIndex: 0.5,
    modelVersion: 'gbt@1',
  },
});

function Feed(props: { topics: readonly LiveTopic[]; assets: readonly string[]; onEvent: (e: LiveEvent) => void }) {
  useTopicFeed(props.topics, props.assets, props.onEvent);
  return null;
}

function setup() {
  const registry = new TopicSubscriptions();
  const sent: SubscriptionRequest[] = [];
  registry.connected((r) => sent.push(r));
  const wrap = (children: ReactNode) => <TopicFeedContext.Provider value={registry}>{children}</TopicFeedContext.Provider>;
  return { registry, sent, wrap };
}

describe('useTopicFeed', () => {
  it('does not resubscribe when re-rendered with new arrays of the same items or a new callback', () => {
    const { registry, sent, wrap } = setup();
    const first = vi.fn();
    const { rerender } = render(wrap(<Feed topics={['rul-predictions']} assets={['p1', 'p2']} onEvent={first} />));
    expect(sent).toEqual([{ type: 'subscribe', topics: ['rul-predictions'], assets: ['p1', 'p2'] }]);
    const latest = vi.fn();
    for (let i = 0; i < 5; i++) rerender(wrap(<Feed topics={['rul-predictions']} assets={['p2', 'p1', 'p2']} onEvent={latest} />));
    expect(sent).toHaveLength(1);
    act(() => registry.dispatch(rulEvent('p1', 42)));
    expect(first).not.toHaveBeenCalled();
    expect(latest).toHaveBeenCalledWith(rulEvent('p1', 42));
  });

  it('moves the subscription when the assets change, and releases it on unmount', () => {
    const { registry, sent, wrap } = setup();
    const { rerender, unmount } = render(wrap(<Feed topics={['rul-predictions']} assets={['p1']} onEvent={() => undefined} />));
    rerender(wrap(<Feed topics={['rul-predictions']} assets={['p2']} onEvent={() => undefined} />));
    expect(sent.slice(1)).toEqual([
      { type: 'unsubscribe', topics: ['rul-predictions'], assets: ['p1'] },
      { type: 'subscribe', topics: ['rul-predictions'], assets: ['p2'] },
    ]);
    unmount();
    expect(sent.at(-1)).toEqual({ type: 'unsubscribe', topics: ['rul-predictions'], assets: ['p2'] });
    expect(registry.counts().size).toBe(0);
  });

  it('shares one subscription between components and keeps it until the last one goes', () => {
    const { sent, wrap } = setup();
    const a = vi.fn();
    const b = vi.fn();
    const { rerender } = render(
      wrap(
        <>
          <Feed topics={['sensor-data']} assets={['p1']} onEvent={a} />
          <Feed topics={['sensor-data']} assets={['p1']} onEvent={b} />
        </>,
      ),
    );
    expect(sent).toHaveLength(1);
    rerender(wrap(<Feed topics={['sensor-data']} assets={['p1']} onEvent={a} />));
    expect(sent).toHaveLength(1);
  });

  it('subscribes nothing without assets or topics', () => {
    const { sent, wrap } = setup();
    render(wrap(<Feed topics={['sensor-data']} assets={[]} onEvent={() => undefined} />));
    render(wrap(<Feed topics={[]} assets={['p1']} onEvent={() => undefined} />));
    expect(sent).toEqual([]);
  });
});
