import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCacheContract } from '@vigie/service-kit-testing';
import { RedisCache } from '../src/cache/index';
import { silentLogger } from '../src/logger';

// Never skipped: a missing server must fail the run, not silently pass it.
function redisUrl(): string {
  const url = process.env.VIGIE_TEST_REDIS_URL;
  if (!url) {
    throw new Error(
      'VIGIE_TEST_REDIS_URL must be set. The integration test command starts Redis first: run ' +
        '`infra/redis/redis.sh start` and export the REDIS_URL it prints as VIGIE_TEST_REDIS_URL.',
    );
  }
  return url;
}
const url = redisUrl();

describeCacheContract('RedisCache (real server)', ({ namespace, defaultTtlMs }) =>
  RedisCache.fromConfig({ url, namespace, ...(defaultTtlMs === undefined ? {} : { defaultTtlMs }) }, silentLogger()),
);

describe('RedisCache on a real server', () => {
  const namespace = `int-${randomBytes(4).toString('hex')}`;
  let raw: Redis;
  let cache: RedisCache;

  beforeAll(() => {
    raw = new Redis(url);
    cache = RedisCache.fromConfig({ url, namespace, scanCount: 7 }, silentLogger());
  });
  afterAll(async () => {
    await cache.deleteByPrefix('');
    await cache.close();
    raw.disconnect();
  });

  it('stores JSON under vigie:<namespace>: with a PX expiry, readable by any Redis client', async () => {
    await cache.set('asset/P-101', { rms: 0.5 }, { ttlMs: 60_000 });
    expect(await raw.get(`vigie:${namespace}:asset/P-101`)).toBe('{"rms":0.5}');
    const pttl = await raw.pttl(`vigie:${namespace}:asset/P-101`);
    expect(pttl).toBeGreaterThan(55_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
    await cache.set('asset/P-102', 1);
    expect(await raw.pttl(`vigie:${namespace}:asset/P-102`)).toBe(-1);
  });

  it('deletes by prefix in many small SCAN steps without missing a key', async () => {
    await cache.setMany(Array.from({ length: 1200 }, (_, i) => ({ key: `steps/${i}`, value: i })));
    expect(await cache.deleteByPrefix('steps/')).toBe(1200);
    const [, left] = await raw.scan('0', 'MATCH', `vigie:${namespace}:steps/*`, 'COUNT', 10_000);
    expect(left).toStrictEqual([]);
  });

  it('answers a miss for a value another client stored as non-JSON', async () => {
    await raw.set(`vigie:${namespace}:foreign`, 'not json {');
    expect(await cache.get('foreign')).toBeUndefined();
    expect(await cache.getMany(['foreign', 'asset/P-102'])).toStrictEqual([undefined, 1]);
  });

  it('reports ping latency for the health registry', async () => {
    const health = await cache.ping();
    expect(health.status).toBe('UP');
    expect(health.details?.latencyMs).toBeTypeOf('number');
  });

  it('refuses a namespace that could overlap another service’s keys', () => {
    for (const bad of ['', 'a:b', 'a*', 'with space']) {
      expect(() => RedisCache.fromConfig({ url, namespace: bad })).toThrow(expect.objectContaining({ code: 'CACHE_CONFIG_INVALID' }));
    }
  });
});
