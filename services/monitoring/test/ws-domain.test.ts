import { describe, expect, it } from 'vitest';
import type { SensorDataPayload } from '@vigie/contracts';
import { SensorDecimator } from '../src/domain/sensor-decimator';
import { ClientSubscriptions } from '../src/domain/ws-subscriptions';

describe('ClientSubscriptions', () => {
  it('starts with every entity topic for every asset and no raw stream', () => {
    const subs = new ClientSubscriptions();
    expect(subs.wants('asset', 'p1')).toBe(true);
    expect(subs.wants('services', null)).toBe(true);
    expect(subs.wants('sensor-data', 'p1')).toBe(false);
    expect(subs.list().map((s) => s.assets)).toEqual([null, null, null, null, null, null]);
  });

  it('adds and removes assets of raw streams, dropping a topic left without assets', () => {
    const subs = new ClientSubscriptions();
    expect(subs.apply({ type: 'subscribe', topics: ['sensor-data'], assets: ['p1', 'p2', 'p1'] })).toEqual({ ok: true });
    expect(subs.apply({ type: 'subscribe', topics: ['sensor-data'], assets: ['p3'] })).toEqual({ ok: true });
    expect(subs.list().find((s) => s.topic === 'sensor-data')?.assets).toEqual(['p1', 'p2', 'p3']);
    subs.apply({ type: 'unsubscribe', topics: ['sensor-data'], assets: ['p1', 'p2', 'p3'] });
    expect(subs.list().some((s) => s.topic === 'sensor-data')).toBe(false);
  });

  it('narrows an entity topic only through unsubscribe then subscribe; alerts of no asset still pass', () => {
    const subs = new ClientSubscriptions();
    subs.apply({ type: 'subscribe', topics: ['alert'], assets: ['p1'] });
    expect(subs.wants('alert', 'p2')).toBe(true);
    subs.apply({ type: 'unsubscribe', topics: ['alert'] });
    subs.apply({ type: 'subscribe', topics: ['alert'], assets: ['p1'] });
    expect(subs.wants('alert', 'p2')).toBe(false);
    expect(subs.wants('alert', 'p1')).toBe(true);
    expect(subs.wants('alert', null)).toBe(true);
  });

  it('refuses a message whole: raw stream without assets, more than 50 assets in all', () => {
    const subs = new ClientSubscriptions();
    subs.apply({ type: 'subscribe', topics: ['rul-predictions'], assets: Array.from({ length: 40 }, (_, i) => `a${i}`) });
    const before = subs.list();
    expect(subs.apply({ type: 'subscribe', topics: ['asset', 'sensor-data'] })).toMatchObject({ ok: false, code: 'WS_ASSETS_REQUIRED' });
    const more = Array.from({ length: 11 }, (_, i) => `b${i}`);
    expect(subs.apply({ type: 'subscribe', topics: ['sensor-data'], assets: more })).toMatchObject({
      ok: false,
      code: 'WS_TOO_MANY_ASSETS',
    });
    expect(subs.list()).toEqual(before);
    // Assets named on several topics count once.
    expect(subs.apply({ type: 'subscribe', topics: ['sensor-data'], assets: ['a1', ...more.slice(0, 10)] })).toEqual({ ok: true });
  });
});

const batch = (sensorId: string, values: number[]): SensorDataPayload => ({
  assetId: 'p1',
  sensorId,
  unit: 'g',
  samples: values.map((v, i) => ({ ts: 1000 + i, value: v, quality: 'good' })),
});

describe('SensorDecimator', () => {
  it('relays at most one latest sample per interval per sensor, and releases the held value once due', () => {
    const d = new SensorDecimator(500);
    expect(d.offer(batch('s1', [1, 2, 3]), 0)?.samples.map((s) => s.value)).toEqual([3]);
    expect(d.offer(batch('s1', [4]), 100)).toBeNull();
    expect(d.offer(batch('s1', [5, 6]), 200)).toBeNull();
    expect(d.offer(batch('s2', [9]), 200)?.samples.map((s) => s.value)).toEqual([9]);
    expect(d.due(400)).toEqual([]);
    expect(d.due(500).map((p) => p.samples.map((s) => s.value))).toEqual([[6]]);
    expect(d.pendingCount).toBe(0);
    expect(d.offer(batch('s1', [7]), 700)).toBeNull();
    expect(d.offer(batch('s1', [8]), 1000)?.samples.map((s) => s.value)).toEqual([8]);
    expect(d.due(2000)).toEqual([]);
  });
});
