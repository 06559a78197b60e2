import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openTimescalePglite,
  runServiceQueries,
  SENSOR_DATA_COLUMNS,
  sensorDataSpec,
  sensorReadings,
  hourlyNativeSql,
  type QueryWindow,
} from '@vigie/service-kit-testing';
import { applyRetention, createTimeSeriesTable, ensurePartitions, insertRows, PostgresDatabase, type Database } from '../src/db/index';

// The native-partition path on PostgreSQL 15 (which has no TimescaleDB) against the TimescaleDB path on the
// PGlite build, fed the same readings: the services' queries must answer the same, and retention must leave
// the same rows. Never skipped: a missing server must fail the run.
const url = process.env.VIGIE_TEST_DATABASE_URL;
if (url === undefined || url === '') {
  throw new Error('VIGIE_TEST_DATABASE_URL is not set: run `infra/postgres/postgres.sh start` and export the DATABASE_URL it prints.');
}
const databaseUrl = url;

const DAY_MS = 86_400_000;
// A random name: runs against a long-lived server never collide.
const TABLE = `ts${randomBytes(4).toString('hex')}_sensor_data`;
const day0 = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const start = new Date(day0 - 20 * DAY_MS);
const rows = sensorReadings({ start, assets: 4, sensorsPerAsset: 5, perSensor: 5_000, stepMs: 300_000 });
const window: QueryWindow = { assetId: 'a3', from: new Date(day0 - 8 * DAY_MS), to: new Date(day0 - 5 * DAY_MS) };

let pg: Database;
let ts: Database;

beforeAll(async () => {
  pg = await PostgresDatabase.fromConfig({ url: databaseUrl, poolSize: 4, applicationName: 'vigie-time-series' });
  ts = await openTimescalePglite();
  expect(await createTimeSeriesTable(pg, sensorDataSpec(TABLE))).toBe('partitioned');
  expect(await createTimeSeriesTable(ts, sensorDataSpec(TABLE))).toBe('hypertable');
  await ensurePartitions(pg, TABLE, start, new Date(day0));
  const t0 = performance.now();
  expect(await insertRows(pg, TABLE, SENSOR_DATA_COLUMNS, rows, { onConflict: 'nothing' })).toBe(100_000);
  const seconds = (performance.now() - t0) / 1000;
  console.info(`time-series figures: ${JSON.stringify({ postgres15_insert_rows_per_s: Math.round(rows.length / seconds) })}`);
  expect(await insertRows(ts, TABLE, SENSOR_DATA_COLUMNS, rows, { onConflict: 'nothing' })).toBe(100_000);
});

afterAll(async () => {
  await pg?.exec(`DROP TABLE IF EXISTS "${TABLE}" CASCADE`);
  await pg?.close();
  await ts?.close();
});

describe('time series on PostgreSQL 15 partitions', () => {
  it('ignores re-delivered readings', async () => {
    expect(await insertRows(pg, TABLE, SENSOR_DATA_COLUMNS, rows, { onConflict: 'nothing' })).toBe(0);
    const parts = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${TABLE}_default"`);
    expect(parts.rows).toEqual([{ n: 0 }]);
  });

  it('answers the services’ queries as TimescaleDB does', async () => {
    const answers = await runServiceQueries(pg, TABLE, window);
    expect(answers).toEqual(await runServiceQueries(ts, TABLE, window));
    expect(answers.total).toEqual([{ n: 100_000, first: start, last: new Date(start.getTime() + 4_999 * 300_000) }]);
    const hourly = await ts.query(
      `SELECT time_bucket('1 hour', ts) AS bucket, count(*)::int AS n, min(value) AS lo, max(value) AS hi, sum(round(value * 1000)::bigint) AS milli_sum
         FROM "${TABLE}" WHERE sensor_id = $1 GROUP BY 1 ORDER BY 1`,
      ['a3-s4'],
    );
    expect((await pg.query(hourlyNativeSql(TABLE), ['a3-s4'])).rows).toEqual(hourly.rows);
  });

  it('applyRetention drops whole old partitions and old DEFAULT rows only, leaving what TimescaleDB leaves', async () => {
    const odd = [
      ['a0-s0', new Date('1970-01-01T00:00:00Z'), 'a0', 1, 'bad'],
      ['a0-s0', new Date('2100-06-01T00:00:00Z'), 'a0', 2, 'good'],
    ];
    expect(await insertRows(pg, TABLE, SENSOR_DATA_COLUMNS, odd, { onConflict: 'nothing' })).toBe(2);
    expect(await insertRows(ts, TABLE, SENSOR_DATA_COLUMNS, odd, { onConflict: 'nothing' })).toBe(2);
    const partsBefore = await partitionNames();
    const now = new Date();
    const result = await applyRetention(pg, TABLE, '12 days', { now });
    await applyRetention(ts, TABLE, '12 days', { now });

    const cutoff = result.cutoff.getTime();
    // Judged from the daily names ensurePartitions gives, independently of how applyRetention reads bounds.
    const dayOf = (name: string): number => Date.parse(name.slice(-8).replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3T00:00:00Z'));
    const expected = partsBefore.filter((n) => /_p\d{8}$/.test(n) && dayOf(n) + DAY_MS <= cutoff);
    expect(expected.length).toBe((Math.floor(cutoff / DAY_MS) * DAY_MS - start.getTime()) / DAY_MS);
    expect(result.dropped).toEqual(expected);
    expect(result.deletedFromDefault).toBe(1);
    expect(await partitionNames()).toEqual(partsBefore.filter((n) => !expected.includes(n)));
    expect(await runServiceQueries(pg, TABLE, window)).toEqual(await runServiceQueries(ts, TABLE, window));
    const left = await pg.query<{ first: Date }>(`SELECT min(ts) AS first FROM "${TABLE}"`);
    expect(left.rows).toEqual([{ first: new Date(Math.floor(cutoff / DAY_MS) * DAY_MS) }]);
    expect(await applyRetention(pg, TABLE, '12 days', { now })).toMatchObject({ dropped: [], deletedFromDefault: 0 });
  });
});

async function partitionNames(): Promise<string[]> {
  const { rows } = await pg.query<{ name: string }>(
    'SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass ORDER BY 1',
    [`"${TABLE}"`],
  );
  return rows.map((r) => r.name);
}
