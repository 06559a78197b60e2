import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCache } from '../src/cache/index';

const redisSh = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../infra/redis/redis.sh');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

/** A private redis-server this test may stop and freeze: never the shared one other test files use. */
function privateRedis(port: number, stateDir: string) {
  const env = { ...process.env, REDIS_PORT: String(port), VIGIE_STATE_DIR: stateDir };
  const run = (...args: string[]): void => {
    const result = spawnSync('bash', [redisSh, ...args], { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`redis.sh ${args.join(' ')} failed: ${result.stderr}`);
  };
  const pid = (): number => Number(readFileSync(path.join(stateDir, 'infra/redis/redis.pid'), 'utf8'));
  return { start: () => run('start'), stop: () => run('stop'), wipe: () => run('stop', '--wipe'), pid };
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function timed<T>(call: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await call();
  return { result, ms: performance.now() - started };
}

describe('RedisCache during a Redis outage', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'vigie-redis-outage-'));
  const logs: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line) as { level: number; msg: string }) });
  let redis: ReturnType<typeof privateRedis>;
  let cache: RedisCache;
  const warnings = () => logs.filter((l) => l.level === 40);

  beforeAll(async () => {
    const port = await freePort();
    redis = privateRedis(port, stateDir);
    redis.start();
    cache = RedisCache.fromConfig({ url: `redis://127.0.0.1:${port}`, namespace: 'outage', maxReconnectDelayMs: 200 }, logger);
  });
  afterAll(async () => {
    await cache.close();
    redis.wipe();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('answers misses fast, drops writes without throwing, logs once, and works again after a restart', async () => {
    await cache.set('asset/P-101', { rms: 1 });
    expect(await cache.get('asset/P-101')).toStrictEqual({ rms: 1 });

    redis.stop();
    for (let i = 0; i < 20; i++) {
      const { result, ms } = await timed(() => cache.get('asset/P-101'));
      expect(result).toBeUndefined();
      expect(ms).toBeLessThan(1_000);
    }
    await expect(cache.set('asset/P-101', { rms: 2 })).resolves.toBeUndefined();
    await expect(
      cache.setMany([
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ]),
    ).resolves.toBeUndefined();
    expect(await cache.getMany(['a', 'b'])).toStrictEqual([undefined, undefined]);
    await expect(cache.delete('a')).resolves.toBeUndefined();
    expect(await cache.deleteByPrefix('')).toBe(0);
    expect((await cache.ping()).status).toBe('DOWN');
    await new Promise((resolve) => setTimeout(resolve, 600)); // let ioredis fail a few reconnection attempts
    expect(warnings()).toHaveLength(1);
    expect(cache.outageStats()).toStrictEqual({ outages: 1, down: true });

    redis.start();
    await eventually(async () => (await cache.ping()).status === 'UP', 10_000);
    await cache.set('asset/P-101', { rms: 3 });
    expect(await cache.get('asset/P-101')).toStrictEqual({ rms: 3 });
    expect(cache.outageStats()).toStrictEqual({ outages: 1, down: false });
    expect(logs.filter((l) => l.msg === 'cache available again')).toHaveLength(1);
  });

  it('answers a miss within the command timeout when the server hangs instead of closing', async () => {
    const pid = redis.pid();
    process.kill(pid, 'SIGSTOP');
    try {
      const { result, ms } = await timed(() => cache.get('asset/P-101'));
      expect(result).toBeUndefined();
      expect(ms).toBeLessThan(1_000);
      // Only one probe per interval waits for the timeout; a consumer calling the cache per message keeps its pace.
      const burst = await timed(async () => {
        for (let i = 0; i < 50; i++) {
          expect(await cache.get('asset/P-101')).toBeUndefined();
          await cache.set('asset/P-101', { rms: 4 });
        }
      });
      expect(burst.ms).toBeLessThan(1_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await eventually(async () => (await cache.get('asset/P-101')) !== undefined, 10_000);
  });

  it('starts without a server: the first call waits at most connectTimeoutMs, then misses', async () => {
    const nowhere = RedisCache.fromConfig(
      { url: `redis://127.0.0.1:${await freePort()}`, namespace: 'nowhere', connectTimeoutMs: 300 },
      logger,
    );
    try {
      const { result, ms } = await timed(() => nowhere.get('k'));
      expect(result).toBeUndefined();
      expect(ms).toBeLessThan(1_000);
      await expect(nowhere.set('k', 1)).resolves.toBeUndefined();
    } finally {
      await nowhere.close();
    }
  });
});
