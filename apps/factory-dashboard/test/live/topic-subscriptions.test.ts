import { describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../src/live/live-topics';
import { TopicSubscriptions, type SubscriptionRequest } from '../../src/live/topic-subscriptions';

const features = (assetId: string): LiveEvent => ({
  topic: 'extracted-features',
  assetId,
  payload: {
    assetId,
    sensorId: `${assetId}.vib`,
    unit: 'g',
    windowStart: 0,
    windowEnd: 1000,
    sampleCount: 10,
    firstSampleTs: 0,
    lastSampleTs: 999,
    features: { rms: 1 },
  },
});

function connectedRegistry() {
  const registry = new TopicSubscriptions();
  const sent: SubscriptionRequest[] = [];
  registry.connected((r) => sent.push(r));
  return { registry, sent };
}

describe('TopicSubscriptions', () => {
  it('subscribes a (topic, asset) pair for its first user only and unsubscribes after its last', () => {
    const { registry, sent } = connectedRegistry();
    const stopA = registry.add(['sensor-data'], ['p1'], () => undefined);
    const stopB = registry.add(['sensor-data', 'rul-predictions'], ['p1', 'p2'], () => undefined);
    expect(sent).toEqual([
      { type: 'subscribe', topics: ['sensor-data'], assets: ['p1'] },
      { type: 'subscribe', topics: ['sensor-data'], assets: ['p2'] },
      { type: 'subscribe', topics: ['rul-predictions'], assets: ['p1', 'p2'] },
    ]);
    expect(registry.counts().get('sensor-data p1')).toBe(2);
    sent.length = 0;
    stopA();
    expect(sent).toEqual([]);
    stopA(); // twice is harmless
    expect(registry.counts().get('sensor-data p1')).toBe(1);
    stopB();
    expect(sent).toEqual([{ type: 'unsubscribe', topics: ['rul-predictions', 'sensor-data'], assets: ['p1', 'p2'] }]);
    expect(registry.counts().size).toBe(0);
  });

  it('sends nothing while disconnected and everything wanted on the next connection', () => {
    const registry = new TopicSubscriptions();
    registry.add(['sensor-data', 'preprocessed-data'], ['p1'], () => undefined);
    const stop = registry.add(['anomalies-detected'], ['p2'], () => undefined);
    stop();
    const sent: SubscriptionRequest[] = [];
    registry.connected((r) => sent.push(r));
    expect(sent).toEqual([{ type: 'subscribe', topics: ['preprocessed-data', 'sensor-data'], assets: ['p1'] }]);
    registry.disconnected();
    registry.add(['rul-predictions'], ['p3'], () => undefined);
    expect(sent).toHaveLength(1);
    const again: SubscriptionRequest[] = [];
    registry.connected((r) => again.push(r));
    expect(again).toEqual([
      { type: 'subscribe', topics: ['preprocessed-data', 'sensor-data'], assets: ['p1'] },
      { type: 'subscribe', topics: ['rul-predictions'], assets: ['p3'] },
    ]);
  });

  it('hands an event to the listeners that asked for its topic and asset only', () => {
    const { registry } = connectedRegistry();
    const onP1 = vi.fn();
    const onP2 = vi.fn();
    const onSensor = vi.fn();
    registry.add(['extracted-features'], ['p1'], onP1);
    registry.add(['extracted-features'], ['p2'], onP2);
    registry.add(['sensor-data'], ['p1'], onSensor);
    registry.dispatch(features('p1'));
    expect(onP1).toHaveBeenCalledWith(features('p1'));
    expect(onP2).not.toHaveBeenCalled();
    expect(onSensor).not.toHaveBeenCalled();
  });

  it('keeps asset ids with spaces intact', () => {
    const { registry, sent } = connectedRegistry();
    registry.add(['sensor-data'], ['line 1 press'], () => undefined);
    const again: SubscriptionRequest[] = [];
    registry.connected((r) => again.push(r));
    expect(again).toEqual(sent);
    expect(again[0]?.assets).toEqual(['line 1 press']);
  });
});
