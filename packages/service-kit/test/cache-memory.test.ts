import { describe, expect, it } from 'vitest';
import { describeCacheContract } from '@vigie/service-kit-testing';
import { MemoryCache } from '../src/cache/index';

describeCacheContract('MemoryCache', ({ defaultTtlMs }) =>
  MemoryCache.fromConfig({ maxEntries: 10_000, ...(defaultTtlMs === undefined ? {} : { defaultTtlMs }) }),
);

/** A clock the test moves by hand, so expiry is exact and instant. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('MemoryCache', () => {
  it('evicts the least recently used entry, a read counting as a use', async () => {
    const cache = MemoryCache.fromConfig({ maxEntries: 3 });
    await cache.setMany(['a', 'b', 'c'].map((key) => ({ key, value: key })));
    await cache.get('a');
    await cache.set('d', 'd');
    expect(await cache.getMany(['a', 'b', 'c', 'd'])).toStrictEqual(['a', undefined, 'c', 'd']);
    await cache.set('c', 'c2');
    await cache.set('e', 'e');
    expect(await cache.getMany(['a', 'c', 'd', 'e'])).toStrictEqual([undefined, 'c2', 'd', 'e']);
    expect(cache.stats()).toMatchObject({ evictions: 2, size: 3 });
  });

  it('expires lazily: an expired entry is a miss when read and an expiration, not an eviction, at the LRU end', async () => {
    const clock = manualClock();
    const cache = MemoryCache.fromConfig({ maxEntries: 2, now: clock.now });
    await cache.set('short', 1, { ttlMs: 100 });
    await cache.set('long', 2, { ttlMs: 1_000 });
    clock.advance(99);
    expect(await cache.get('short')).toBe(1);
    clock.advance(1);
    expect(await cache.get('short')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ expirations: 1, size: 1 });
    await cache.set('x', 3, { ttlMs: 50 });
    clock.advance(60);
    await cache.set('y', 4);
    await cache.set('z', 5);
    expect(cache.stats()).toMatchObject({ expirations: 2, evictions: 1, size: 2 });
    expect(await cache.getMany(['long', 'x', 'y', 'z'])).toStrictEqual([undefined, undefined, 4, 5]);
  });

  it('counts hits and misses, getMany included', async () => {
    const cache = MemoryCache.fromConfig({ maxEntries: 10 });
    await cache.set('k', 1);
    await cache.get('k');
    await cache.get('nope');
    await cache.getMany(['k', 'k', 'nope']);
    expect(cache.stats()).toStrictEqual({ hits: 3, misses: 2, evictions: 0, expirations: 0, size: 1 });
  });

  it('stays within maxEntries under churn', async () => {
    const cache = MemoryCache.fromConfig({ maxEntries: 1_000 });
    for (let i = 0; i < 20_000; i++) await cache.set(`k${i}`, { i });
    expect(cache.stats()).toMatchObject({ size: 1_000, evictions: 19_000 });
    expect(await cache.getMany(['k18999', 'k19000', 'k19999'])).toStrictEqual([undefined, { i: 19_000 }, { i: 19_999 }]);
  });

  it('refuses a configuration it cannot honour', () => {
    for (const maxEntries of [0, -1, 1.5, NaN]) {
      expect(() => MemoryCache.fromConfig({ maxEntries })).toThrow(expect.objectContaining({ code: 'CACHE_CONFIG_INVALID' }));
    }
    expect(() => MemoryCache.fromConfig({ maxEntries: 1, defaultTtlMs: 0 })).toThrow(
      expect.objectContaining({ code: 'CACHE_TTL_INVALID' }),
    );
  });
});
