/**
 * Prints get/set throughput of both Cache adapters (figures, not a test):
 *   node --import tsx bench/cache.bench.ts
 * Redis is measured when VIGIE_BENCH_REDIS_URL, VIGIE_TEST_REDIS_URL or REDIS_URL is set (infra/redis/redis.sh start
 * prints one). BENCH_OPS sets the operations per case (default 100 000).
 *
 * "sequential" awaits each call, as a consumer handling one message at a time does: on Redis it measures the round
 * trip. "64 in flight" keeps 64 calls outstanding, as concurrent consumers do: ioredis pipelines them.
 */
import { randomBytes } from 'node:crypto';
import { type Cache, MemoryCache, RedisCache } from '../packages/service-kit/src/cache/index';
import { silentLogger } from '../packages/service-kit/src/logger';

const OPS = Number(process.env.BENCH_OPS ?? 100_000);
const KEYS = 10_000;
const CONCURRENCY = 64;
/** The shape the feature-extraction service caches per asset: a few scalar features and band energies. */
const features = {
  assetId: 'P-101',
  window: '2024-01-01T00:00:00Z',
  rms: 0.42,
  kurtosis: 3.1,
  crest: 4.2,
  bands: Array.from({ length: 16 }, (_, i) => i / 7),
};
const keyOf = (i: number): string => `asset-${i % KEYS}/latest`;

async function measure(run: (i: number) => Promise<unknown>, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < OPS) await run(next++);
    }),
  );
  return OPS / ((performance.now() - started) / 1000);
}

async function benchAdapter(name: string, cache: Cache): Promise<Record<string, number>> {
  console.log(name);
  const figures: Record<string, number> = {};
  await measure((i) => cache.set(keyOf(i), features), CONCURRENCY); // warm up, and fill every key
  for (const concurrency of [1, CONCURRENCY]) {
    const mode = concurrency === 1 ? 'sequential' : `${CONCURRENCY} in flight`;
    for (const [op, run] of [
      ['set', (i: number) => cache.set(keyOf(i), features, { ttlMs: 60_000 })],
      ['get', (i: number) => cache.get(keyOf(i))],
    ] as const) {
      const perSecond = await measure(run, concurrency);
      figures[`${op}_${concurrency}`] = Math.round(perSecond);
      console.log(`  ${`${op} (${mode})`.padEnd(24)} ${Math.round(perSecond).toLocaleString('en').padStart(10)} ops/s`);
    }
  }
  await cache.close();
  return figures;
}

const results: Record<string, Record<string, number>> = {};
results.memory = await benchAdapter(
  `MemoryCache (${OPS.toLocaleString('en')} ops per case, ${KEYS} keys)`,
  MemoryCache.fromConfig({ maxEntries: KEYS * 2 }),
);
const url = process.env.VIGIE_BENCH_REDIS_URL ?? process.env.VIGIE_TEST_REDIS_URL ?? process.env.REDIS_URL;
if (url) {
  const namespace = `bench-${randomBytes(4).toString('hex')}`;
  const redis = RedisCache.fromConfig({ url, namespace }, silentLogger());
  results.redis = await benchAdapter(`RedisCache on ${url}`, redis);
  const cleanup = RedisCache.fromConfig({ url, namespace }, silentLogger());
  await cleanup.deleteByPrefix('');
  await cleanup.close();
} else {
  console.log('RedisCache: skipped (set VIGIE_BENCH_REDIS_URL, or start infra/redis/redis.sh and set REDIS_URL)');
}
console.log(JSON.stringify(results));
