import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { describeFeatureStoreContract } from '@vigie/service-kit-testing';
import { PgliteDatabase } from '../src/db/index';
import { FeastFeatureStore, PostgresFeatureStore } from '../src/feature-store/index';

const databases: PgliteDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.close();
});

describeFeatureStoreContract('PostgresFeatureStore on PGlite', async () => {
  const db = await PgliteDatabase.open();
  databases.push(db);
  return PostgresFeatureStore.open(db);
});

describe('PostgresFeatureStore', () => {
  it('keeps every window in the history table and the latest in the online table', async () => {
    const db = await PgliteDatabase.open();
    databases.push(db);
    const store = await PostgresFeatureStore.open(db);
    const at = (minute: number) => ({
      assetId: 'P-101',
      sensorId: 'P-101/vib',
      windowStart: minute * 60_000,
      windowEnd: (minute + 1) * 60_000,
      sampleCount: 10,
      features: { rms: minute },
    });
    await store.push([at(2), at(0)]);
    await store.push([at(1), at(2)]);
    const history = await db.query<{ window_start: number }>('SELECT window_start FROM feature_store_windows ORDER BY window_start');
    expect(history.rows.map((r) => r.window_start)).toStrictEqual([0, 60_000, 120_000]);
    const online = await db.query<{ window_start: number; features: unknown }>('SELECT window_start, features FROM feature_store_online');
    expect(online.rows).toStrictEqual([{ window_start: 120_000, features: { rms: 2 } }]);
  });

  it('opens twice on one database without re-creating its tables', async () => {
    const db = await PgliteDatabase.open();
    databases.push(db);
    await PostgresFeatureStore.open(db);
    const again = await PostgresFeatureStore.open(db);
    expect((await again.ping()).status).toBe('UP');
    const applied = await db.query("SELECT id FROM schema_migrations WHERE service = 'feature-store'");
    expect(applied.rowCount).toBe(1);
  });
});

describe('FeastFeatureStore.fromConfig', () => {
  it('refuses a configuration it cannot honour', () => {
    const bad = [
      { url: 'not a url' },
      { url: 'ftp://127.0.0.1:1' },
      { url: 'http://127.0.0.1:1', featureView: 'with space' },
      { url: 'http://127.0.0.1:1', pushSource: '' },
      { url: 'http://127.0.0.1:1', timeoutMs: 0 },
      { url: 'http://127.0.0.1:1', pushBatchSize: 1.5 },
      { url: 'http://127.0.0.1:1', readBatchSize: -1 },
    ];
    for (const config of bad) {
      expect(() => FeastFeatureStore.fromConfig(config), JSON.stringify(config)).toThrow(
        expect.objectContaining({ code: 'FEATURE_STORE_CONFIG_INVALID' }),
      );
    }
  });
});

/**
 * A server that answers like a broken proxy or a server in trouble would, not like Feast: the adapter's error paths
 * (which the real feature server in feature-store.int.test.ts cannot be made to take) against real HTTP.
 */
async function misbehavingServer(answer: (path: string, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => answer(req.url ?? '', res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('FeastFeatureStore against a misbehaving server', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
  const storeAnswering = async (answer: (path: string, res: ServerResponse) => void, timeoutMs = 5_000) => {
    const { url, server } = await misbehavingServer(answer);
    servers.push(server);
    return FeastFeatureStore.fromConfig({ url, timeoutMs });
  };

  it('gives up after timeoutMs on a server that accepts and never answers, or stalls in the body', async () => {
    for (const stall of [
      () => undefined,
      (res: ServerResponse) => (res.writeHead(200, { 'content-type': 'application/json' }), res.write('{"metadata":')),
    ]) {
      const store = await storeAnswering((_, res) => stall(res), 300);
      const started = performance.now();
      await expect(store.online(['P-101/vib'])).rejects.toMatchObject({
        code: 'FEATURE_STORE_UNAVAILABLE',
        message: expect.stringContaining('300 ms'),
      });
      expect(performance.now() - started).toBeLessThan(1_500);
    }
  });

  it('maps statuses to codes: 502/503/504 unavailable, any other error rejected', async () => {
    for (const [status, code] of [
      [503, 'FEATURE_STORE_UNAVAILABLE'],
      [504, 'FEATURE_STORE_UNAVAILABLE'],
      [422, 'FEATURE_STORE_REJECTED'],
      [500, 'FEATURE_STORE_REJECTED'],
    ] as const) {
      const store = await storeAnswering((_, res) => res.writeHead(status).end('{"detail":"nope"}'));
      await expect(
        store.push([{ assetId: 'a', sensorId: 's', windowStart: 0, windowEnd: 1, sampleCount: 1, features: {} }]),
      ).rejects.toMatchObject({
        code,
        details: { status },
      });
    }
  });

  it('refuses an answer it cannot read with FEATURE_STORE_RESPONSE_INVALID', async () => {
    const bodies = [
      'not json',
      '{"results": []}',
      // A column with fewer values than sensors asked for.
      '{"metadata":{"feature_names":["sensor_id","window_start"]},"results":[{"values":["s"]},{"values":[]}]}',
    ];
    for (const body of bodies) {
      const store = await storeAnswering((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
      await expect(store.online(['s']), body).rejects.toMatchObject({ code: 'FEATURE_STORE_RESPONSE_INVALID' });
    }
  });
});
