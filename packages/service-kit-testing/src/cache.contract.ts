import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '@vigie/service-kit';

export interface CacheFactoryOptions {
  /** A fresh, random service namespace per call; adapters without shared storage may ignore it. */
  readonly namespace: string;
  readonly defaultTtlMs?: number;
}

/** Short enough to keep the suite fast, long enough that a loaded CI machine still reads the entry before it expires. */
const TTL_MS = 150;
const AFTER_TTL_MS = 450;

const samples: Record<string, unknown> = {
  object: { assetId: 'P-101', rms: 0.125, bands: [1, 2.5, -3e-9], nested: { ok: true, none: null, empty: {} } },
  array: [1, 'two', null, false, [3, [4]], { five: 5 }],
  integer: 42,
  negative: -1.5,
  huge: 1.7976931348623157e308,
  zero: 0,
  string: 'vibration ⚙️ élevée — "quoted" \\ \n',
  empty: '',
  true: true,
  false: false,
  null: null,
};

/**
 * The behaviour every Cache adapter must show. Each cache gets a random namespace, so runs against a long-lived
 * server never collide, and its keys are deleted afterwards. `factory` returns an open cache.
 */
export function describeCacheContract(name: string, factory: (options: CacheFactoryOptions) => Cache | Promise<Cache>): void {
  describe(`Cache contract: ${name}`, () => {
    const run = randomBytes(4).toString('hex');
    const opened: Cache[] = [];
    let cache: Cache;
    const open = async (suffix: string, defaultTtlMs?: number): Promise<Cache> => {
      const options = { namespace: `contract-${run}-${suffix}`, ...(defaultTtlMs === undefined ? {} : { defaultTtlMs }) };
      const created = await factory(options);
      opened.push(created);
      return created;
    };

    beforeAll(async () => {
      cache = await open('main');
    });
    afterAll(async () => {
      for (const each of opened) {
        // Some tests close their cache on purpose.
        await each.deleteByPrefix('').catch(() => 0);
        await each.close();
      }
    });

    it('round-trips every kind of JSON value', async () => {
      for (const [key, value] of Object.entries(samples)) await cache.set(`round/${key}`, value);
      for (const [key, value] of Object.entries(samples)) expect(await cache.get(`round/${key}`)).toStrictEqual(value);
      // JSON has no negative zero: every adapter answers what Redis answers.
      await cache.set('round/negative-zero', -0);
      expect(Object.is(await cache.get('round/negative-zero'), 0)).toBe(true);
    });

    it('answers undefined for a missing key', async () => {
      expect(await cache.get('missing/key')).toBeUndefined();
      expect(await cache.getMany(['missing/a', 'missing/b'])).toStrictEqual([undefined, undefined]);
    });

    it('overwrites a value and its TTL', async () => {
      await cache.set('over/write', { v: 1, only: 'first' });
      await cache.set('over/write', { v: 2 });
      expect(await cache.get('over/write')).toStrictEqual({ v: 2 });
      await cache.set('over/ttl', 'short', { ttlMs: TTL_MS });
      await cache.set('over/ttl', 'forever');
      await sleep(AFTER_TTL_MS);
      expect(await cache.get('over/ttl')).toBe('forever');
    });

    it('expires an entry after its TTL, and keeps one without TTL', async () => {
      await cache.set('ttl/short', { v: 1 }, { ttlMs: TTL_MS });
      await cache.setMany([{ key: 'ttl/many', value: 2 }], { ttlMs: TTL_MS });
      await cache.set('ttl/none', 'stays');
      expect(await cache.get('ttl/short')).toStrictEqual({ v: 1 });
      expect(await cache.get('ttl/many')).toBe(2);
      await sleep(AFTER_TTL_MS);
      expect(await cache.get('ttl/short')).toBeUndefined();
      expect(await cache.getMany(['ttl/many', 'ttl/none'])).toStrictEqual([undefined, 'stays']);
    });

    it('applies the default TTL unless a set names its own', async () => {
      const withDefault = await open('default-ttl', TTL_MS);
      await withDefault.set('default', 1);
      await withDefault.set('explicit', 2, { ttlMs: 60_000 });
      await sleep(AFTER_TTL_MS);
      expect(await withDefault.getMany(['default', 'explicit'])).toStrictEqual([undefined, 2]);
    });

    it('keeps the order of keys in getMany and setMany, duplicates and misses included', async () => {
      await cache.setMany([
        { key: 'many/b', value: 'B' },
        { key: 'many/a', value: { a: 1 } },
        { key: 'many/c', value: [3] },
      ]);
      expect(await cache.getMany(['many/c', 'many/missing', 'many/a', 'many/b', 'many/c'])).toStrictEqual([
        [3],
        undefined,
        { a: 1 },
        'B',
        [3],
      ]);
      expect(await cache.getMany([])).toStrictEqual([]);
      await cache.setMany([]);
      const keys = Array.from({ length: 2500 }, (_, i) => `many/bulk/${i}`);
      await cache.setMany(keys.map((key, i) => ({ key, value: i })));
      expect(await cache.getMany(keys)).toStrictEqual(keys.map((_, i) => i));
    });

    it('deletes a key, idempotently', async () => {
      await cache.set('del/one', 1);
      await cache.delete('del/one');
      await cache.delete('del/one');
      expect(await cache.get('del/one')).toBeUndefined();
    });

    it('deletes by prefix across more than 1000 keys, and nothing else', async () => {
      const doomed = Array.from({ length: 1500 }, (_, i) => ({ key: `prefix/asset-7/${i}`, value: i }));
      await cache.setMany([...doomed, { key: 'prefix/asset-70', value: 'sibling' }, { key: 'prefix/asset-8/0', value: 'other' }]);
      expect(await cache.deleteByPrefix('prefix/asset-7/')).toBe(1500);
      expect(await cache.getMany(['prefix/asset-7/0', 'prefix/asset-7/1499'])).toStrictEqual([undefined, undefined]);
      expect(await cache.getMany(['prefix/asset-70', 'prefix/asset-8/0'])).toStrictEqual(['sibling', 'other']);
      expect(await cache.deleteByPrefix('prefix/asset-7/')).toBe(0);
    });

    it('treats glob characters in a prefix literally', async () => {
      await cache.setMany([
        { key: 'glob/a*[b]?\\c', value: 1 },
        { key: 'glob/aX[b]?\\c', value: 2 },
        { key: 'glob/ab', value: 3 },
      ]);
      expect(await cache.deleteByPrefix('glob/a*[b]')).toBe(1);
      expect(await cache.getMany(['glob/a*[b]?\\c', 'glob/aX[b]?\\c', 'glob/ab'])).toStrictEqual([undefined, 2, 3]);
    });

    it('isolates namespaces', async () => {
      const [left, right] = [await open('left'), await open('right')];
      await left.set('shared/key', 'left');
      await right.set('shared/key', 'right');
      expect(await left.get('shared/key')).toBe('left');
      expect(await right.get('shared/key')).toBe('right');
      expect(await left.deleteByPrefix('')).toBe(1);
      expect(await right.get('shared/key')).toBe('right');
    });

    it('stores a copy: changing the value after set or after get does not change the cache', async () => {
      const value = { readings: [1, 2, 3], meta: { unit: 'mm/s' } };
      await cache.set('copy/in', value);
      value.readings.push(4);
      value.meta.unit = 'changed';
      const got = await cache.get<typeof value>('copy/in');
      expect(got).toStrictEqual({ readings: [1, 2, 3], meta: { unit: 'mm/s' } });
      got!.readings.length = 0;
      got!.meta.unit = 'changed again';
      expect(await cache.get('copy/in')).toStrictEqual({ readings: [1, 2, 3], meta: { unit: 'mm/s' } });
      const [many] = await cache.getMany<typeof value>(['copy/in']);
      many!.readings.push(9);
      expect(await cache.get('copy/in')).toStrictEqual({ readings: [1, 2, 3], meta: { unit: 'mm/s' } });
    });

    it('rejects values, keys and TTLs it could not store faithfully, with stable codes', async () => {
      const cyclic: Record<string, unknown> = { a: 1 };
      cyclic.self = cyclic;
      const invalid: unknown[] = [
        undefined,
        NaN,
        Infinity,
        new Date(0),
        new Map(),
        new Float64Array(2),
        () => 1,
        10n,
        Symbol('s'),
        cyclic,
        { a: { b: undefined } },
        new Array<number>(2),
      ];
      for (const value of invalid) {
        await expect(cache.set('bad/value', value), String(value)).rejects.toMatchObject({ code: 'CACHE_VALUE_INVALID' });
      }
      await expect(
        cache.setMany([
          { key: 'bad/first', value: 1 },
          { key: 'bad/second', value: NaN },
        ]),
      ).rejects.toMatchObject({ code: 'CACHE_VALUE_INVALID' });
      expect(await cache.get('bad/first')).toBeUndefined();
      await expect(cache.get('')).rejects.toMatchObject({ code: 'CACHE_KEY_INVALID' });
      await expect(cache.set('x'.repeat(1025), 1)).rejects.toMatchObject({ code: 'CACHE_KEY_INVALID' });
      for (const ttlMs of [0, -5, NaN, Infinity]) {
        await expect(cache.set('bad/ttl', 1, { ttlMs })).rejects.toMatchObject({ code: 'CACHE_TTL_INVALID' });
      }
      expect(await cache.get('bad/value')).toBeUndefined();
    });

    it('answers ping while open; after close every call fails with CACHE_CLOSED', async () => {
      const closing = await open('closing');
      expect(await closing.ping()).toMatchObject({ status: 'UP' });
      await closing.close();
      await closing.close();
      expect(await closing.ping()).toMatchObject({ status: 'DOWN' });
      await expect(closing.get('k')).rejects.toMatchObject({ code: 'CACHE_CLOSED' });
      await expect(closing.set('k', 1)).rejects.toMatchObject({ code: 'CACHE_CLOSED' });
    });
  });
}
