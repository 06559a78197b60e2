import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDatabaseContract } from '@vigie/service-kit-testing';
import {
  hourlyNativeSql,
  openTimescalePglite,
  runServiceQueries,
  SENSOR_DATA_COLUMNS,
  sensorDataSpec,
  sensorReadings,
  type QueryWindow,
} from '@vigie/service-kit-testing';
import { applyRetention, createTimeSeriesTable, ensurePartitions, insertRows, PgliteDatabase, type Database } from '../src/db/index';

// The TimescaleDB path (PGlite + TimescaleDB 2.23) against the native-partition path (stock PGlite), fed the
// same 100k readings: every answer must match. Tests run in order on shared databases, since loading 100k rows
// twice per test would cost more than the assertions. Figures are printed for the report; they are
// never asserted (timings on a shared 2-core machine are not a test).

const DAY_MS = 86_400_000;
const TABLE = 'sensor_data';
const SENSORS = 20;
const PER_SENSOR = 5_000;
const spec = sensorDataSpec(TABLE);
const day0 = Math.floor(Date.now() / DAY_MS) * DAY_MS;
// 20 sensors × 5000 readings every 5 min: 17.4 days of data starting 20 days ago, so part of it is older than
// the compression policy's 7 days and part is not.
const start = new Date(day0 - 20 * DAY_MS);
const rows = sensorReadings({ start, assets: 4, sensorsPerAsset: 5, perSensor: PER_SENSOR, stepMs: 300_000 });
const window: QueryWindow = { assetId: 'a2', from: new Date(day0 - 12 * DAY_MS), to: new Date(day0 - 9 * DAY_MS) };
const figures: Record<string, number> = {};

let ts: Database;
let native: Database;

const one = async <R>(db: Database, sql: string, params: unknown[] = []): Promise<R> => {
  const row = (await db.query<R>(sql, params)).rows[0];
  if (row === undefined) throw new Error(`no row from: ${sql}`);
  return row;
};
const jobs = (db: Database) =>
  db.query<{ job_id: number; proc_name: string; config: Record<string, unknown> }>(
    'SELECT job_id, proc_name, config FROM timescaledb_information.jobs WHERE hypertable_name = $1 ORDER BY proc_name',
    [TABLE],
  );

beforeAll(async () => {
  const t0 = performance.now();
  ts = await openTimescalePglite();
  figures.timescale_open_ms = Math.round(performance.now() - t0);
  native = await PgliteDatabase.open();
  expect(await createTimeSeriesTable(ts, spec)).toBe('hypertable');
  expect(await createTimeSeriesTable(native, spec)).toBe('partitioned');
  // A backfill makes its partitions first (createTimeSeriesTable covers two days back); older rows would land
  // in the DEFAULT partition and retention could only DELETE them.
  await ensurePartitions(native, TABLE, start, new Date(day0));
}, 120_000);

afterAll(async () => {
  console.info(`time-series figures: ${JSON.stringify(figures)}`);
  await ts?.close();
  await native?.close();
});

// The helper's adapter passes the port's contract, whose time-series case then takes its hypertable branch.
describeDatabaseContract('PGlite with TimescaleDB', () => openTimescalePglite());

describe('time series on TimescaleDB (PGlite build) and on native partitions', () => {
  it('makes a hypertable with compression and retention policies when TimescaleDB is there', async () => {
    expect(ts.capabilities.timescaledb).toBe(true);
    expect(native.capabilities.timescaledb).toBe(false);
    const ht = await one<{ compression_enabled: boolean }>(
      ts,
      'SELECT compression_enabled FROM timescaledb_information.hypertables WHERE hypertable_name = $1',
      [TABLE],
    );
    expect(ht.compression_enabled).toBe(true);
    const settings = await ts.query(
      'SELECT segmentby, orderby FROM timescaledb_information.hypertable_compression_settings WHERE hypertable = $1::regclass',
      [TABLE],
    );
    expect(settings.rows).toEqual([{ segmentby: 'sensor_id', orderby: 'ts DESC' }]);
    const { rows: policies } = await jobs(ts);
    expect(policies.map((j) => [j.proc_name, j.config.compress_after ?? j.config.drop_after])).toEqual([
      ['policy_compression', '7 days'],
      ['policy_retention', '90 days'],
    ]);
    expect(await one(native, 'SELECT relkind FROM pg_class WHERE oid = $1::regclass', [TABLE])).toEqual({ relkind: 'p' });
  });

  it('is idempotent, and replaces a policy whose interval changed instead of keeping the old one', async () => {
    const before = (await jobs(ts)).rows.map((j) => j.job_id);
    await createTimeSeriesTable(ts, spec);
    expect((await jobs(ts)).rows.map((j) => j.job_id)).toEqual(before);
    await createTimeSeriesTable(ts, { ...spec, retention: { dropAfter: '30 days' } });
    const changed = (await jobs(ts)).rows;
    expect(changed.map((j) => j.config.compress_after ?? j.config.drop_after)).toEqual(['7 days', '30 days']);
    expect(changed[0]?.job_id).toBe(before[0]);
    await createTimeSeriesTable(ts, spec);
    expect((await jobs(ts)).rows.map((j) => j.config.compress_after ?? j.config.drop_after)).toEqual(['7 days', '90 days']);
    await createTimeSeriesTable(native, spec);
  });

  it('refuses an orderBy that is not a column list before creating anything', async () => {
    const bad = {
      ...spec,
      table: 'cmp_bad',
      compression: { segmentBy: ['sensor_id'], orderBy: 'ts; DROP TABLE sensor_data', after: '7 days' },
    };
    await expect(createTimeSeriesTable(ts, bad)).rejects.toMatchObject({ code: 'DB_INVALID_ARGUMENT' });
    expect(await one(ts, "SELECT to_regclass('cmp_bad') IS NULL AS absent")).toEqual({ absent: true });
  });

  it('alters compression settings only when they change: the ALTER locks the hypertable', async () => {
    const cmp = {
      ...spec,
      table: 'cmp_b',
      compression: { segmentBy: ['sensor_id', 'quality'], orderBy: 'ts desc nulls last, asset_id', after: '7 days' },
    };
    // TimescaleDB rewrites its settings row on every ALTER, even an identical one: a new xmin means an ALTER ran.
    // (Its ALTER fires no event trigger, so this is the observable left.)
    const version = async (): Promise<string> =>
      (
        await one<{ x: string }>(
          ts,
          "SELECT xmin::text AS x FROM _timescaledb_catalog.compression_settings WHERE relid = 'cmp_b'::regclass",
        )
      ).x;
    await createTimeSeriesTable(ts, cmp);
    const settings = await one(
      ts,
      "SELECT segmentby, orderby FROM timescaledb_information.hypertable_compression_settings WHERE hypertable = 'cmp_b'::regclass",
    );
    expect(settings).toEqual({ segmentby: 'sensor_id,quality', orderby: 'ts DESC NULLS LAST,asset_id' });
    const first = await version();
    await createTimeSeriesTable(ts, cmp);
    expect(await version()).toBe(first);
    await createTimeSeriesTable(ts, { ...cmp, compression: { ...cmp.compression, orderBy: 'ts DESC' } });
    expect(await version()).not.toBe(first);
    expect(
      await one(ts, "SELECT orderby FROM timescaledb_information.hypertable_compression_settings WHERE hypertable = 'cmp_b'::regclass"),
    ).toEqual({ orderby: 'ts DESC' });
    await ts.exec('DROP TABLE cmp_b');
  });

  it('stores 100k readings through insertRows, idempotently on (sensor, timestamp)', { timeout: 120_000 }, async () => {
    let t0 = performance.now();
    expect(await insertRows(ts, TABLE, SENSOR_DATA_COLUMNS, rows, { onConflict: 'nothing' })).toBe(SENSORS * PER_SENSOR);
    figures.timescale_insert_rows_per_s = Math.round(rows.length / ((performance.now() - t0) / 1000));
    t0 = performance.now();
    expect(await insertRows(native, TABLE, SENSOR_DATA_COLUMNS, rows, { onConflict: 'nothing' })).toBe(SENSORS * PER_SENSOR);
    figures.partitions_insert_rows_per_s = Math.round(rows.length / ((performance.now() - t0) / 1000));
    expect(await insertRows(ts, TABLE, SENSOR_DATA_COLUMNS, rows, { onConflict: 'nothing' })).toBe(0);
    expect(await insertRows(native, TABLE, SENSOR_DATA_COLUMNS, rows, { onConflict: 'nothing' })).toBe(0);
    const chunks = await one<{ n: number }>(ts, 'SELECT count(*)::int AS n FROM show_chunks($1::regclass)', [TABLE]);
    expect(chunks.n).toBe(18); // 17.4 days of readings starting at midnight: 18 daily chunks
    expect(await one(native, `SELECT count(*)::int AS n FROM ${TABLE}_default`)).toEqual({ n: 0 });
  });

  it('answers the services’ queries identically on both paths', async () => {
    const answers = await runServiceQueries(ts, TABLE, window);
    expect(answers).toEqual(await runServiceQueries(native, TABLE, window));
    expect(answers.total).toEqual([{ n: 100_000, first: start, last: new Date(start.getTime() + (PER_SENSOR - 1) * 300_000) }]);
    expect(answers.lastPerSensor).toHaveLength(SENSORS);
    expect(answers.range).toHaveLength(5 * 3 * 288); // five sensors of asset a2, three days at 288 readings a day
  });

  it('buckets with time_bucket and a continuous aggregate exactly as date_bin does on partitions', { timeout: 60_000 }, async () => {
    const bucketed = await ts.query(
      `SELECT time_bucket('1 hour', ts) AS bucket, count(*)::int AS n, min(value) AS lo, max(value) AS hi, sum(round(value * 1000)::bigint) AS milli_sum
         FROM ${TABLE} WHERE sensor_id = $1 GROUP BY 1 ORDER BY 1`,
      ['a1-s3'],
    );
    const expected = (await native.query(hourlyNativeSql(TABLE), ['a1-s3'])).rows;
    expect(expected).toHaveLength(Math.ceil((PER_SENSOR * 300_000) / 3_600_000));
    expect(bucketed.rows).toEqual(expected);
    await ts.exec(`CREATE MATERIALIZED VIEW sensor_data_hourly WITH (timescaledb.continuous) AS
      SELECT sensor_id, time_bucket('1 hour', ts) AS bucket, count(*) AS n, min(value) AS lo, max(value) AS hi,
             sum(round(value * 1000)::bigint) AS milli_sum
        FROM ${TABLE} GROUP BY sensor_id, bucket WITH NO DATA`);
    // Its own statement: several in one exec form an implicit transaction, which a refresh refuses.
    await ts.exec("CALL refresh_continuous_aggregate('sensor_data_hourly', NULL, NULL)");
    const cagg = await ts.query(
      'SELECT bucket, n::int AS n, lo, hi, milli_sum FROM sensor_data_hourly WHERE sensor_id = $1 ORDER BY bucket',
      ['a1-s3'],
    );
    expect(cagg.rows).toEqual(expected);
  });

  it('compresses: its policy compresses chunks past 7 days, compress_chunk the rest; answers unchanged', { timeout: 120_000 }, async () => {
    const size = async (): Promise<number> =>
      Number((await one<{ b: number }>(ts, 'SELECT hypertable_size($1::regclass) AS b', [TABLE])).b);
    const uncompressed = await size();
    figures.uncompressed_bytes = uncompressed;
    figures.partitions_bytes = Number(
      (
        await one<{ b: string }>(
          native,
          'SELECT sum(pg_total_relation_size(inhrelid)) AS b FROM pg_inherits WHERE inhparent = $1::regclass',
          [TABLE],
        )
      ).b,
    );
    const policy = (await jobs(ts)).rows.find((j) => j.proc_name === 'policy_compression');
    await ts.exec(`CALL run_job(${Number(policy?.job_id)})`);
    const state = await ts.query<{ old: boolean; is_compressed: boolean }>(
      "SELECT range_end <= now() - interval '7 days' AS old, is_compressed FROM timescaledb_information.chunks WHERE hypertable_name = $1",
      [TABLE],
    );
    expect(state.rows.some((c) => c.old)).toBe(true);
    expect(state.rows.some((c) => !c.old)).toBe(true);
    for (const c of state.rows) expect(c.is_compressed).toBe(c.old);

    await ts.query('SELECT compress_chunk(c, if_not_compressed => true) FROM show_chunks($1::regclass) c', [TABLE]);
    const compressed = await size();
    figures.compressed_bytes = compressed;
    const stats = await one<{ chunks: number; before: string; after: string }>(
      ts,
      `SELECT count(*)::int AS chunks, sum(before_compression_total_bytes) AS before, sum(after_compression_total_bytes) AS after
         FROM chunk_compression_stats($1::regclass) WHERE compression_status = 'Compressed'`,
      [TABLE],
    );
    expect(stats.chunks).toBe(18);
    figures.chunk_stats_before_bytes = Number(stats.before);
    figures.chunk_stats_after_bytes = Number(stats.after);
    expect(compressed).toBeLessThan(uncompressed / 3);

    expect(await runServiceQueries(ts, TABLE, window)).toEqual(await runServiceQueries(native, TABLE, window));
    // Re-delivered readings that fall in compressed chunks are still recognised as duplicates.
    expect(await insertRows(ts, TABLE, SENSOR_DATA_COLUMNS, rows.slice(0, 2_000), { onConflict: 'nothing' })).toBe(0);
    // Settings unchanged: re-running the spec with compressed chunks present is accepted.
    await createTimeSeriesTable(ts, spec);
  });

  it('retention keeps exactly the same rows on both paths: whole old chunks and partitions only', { timeout: 60_000 }, async () => {
    // A reset clock (1970) and a far-future reading: on partitions both live in the DEFAULT partition.
    const odd = [
      ['a0-s0', new Date('1970-01-01T00:00:00Z'), 'a0', 1, 'bad'],
      ['a0-s0', new Date('2100-06-01T00:00:00Z'), 'a0', 2, 'good'],
    ];
    expect(await insertRows(ts, TABLE, SENSOR_DATA_COLUMNS, odd, { onConflict: 'nothing' })).toBe(2);
    expect(await insertRows(native, TABLE, SENSOR_DATA_COLUMNS, odd, { onConflict: 'nothing' })).toBe(2);
    const now = new Date();
    const onTs = await applyRetention(ts, TABLE, '10 days', { now });
    const onNative = await applyRetention(native, TABLE, '10 days', { now });
    expect(onNative.cutoff).toEqual(onTs.cutoff);
    const cutoffDay = Math.floor(onNative.cutoff.getTime() / DAY_MS) * DAY_MS;
    const oldDays = (cutoffDay - start.getTime()) / DAY_MS;
    expect(onNative.dropped).toHaveLength(oldDays);
    expect(onNative.deletedFromDefault).toBe(1);
    expect(onTs.dropped).toHaveLength(oldDays + 1); // and the 1970 chunk
    expect(await runServiceQueries(ts, TABLE, window)).toEqual(await runServiceQueries(native, TABLE, window));
    const left = await one<{ first: Date; last: Date }>(native, `SELECT min(ts) AS first, max(ts) AS last FROM ${TABLE}`);
    expect(left).toEqual({ first: new Date(cutoffDay), last: new Date('2100-06-01T00:00:00Z') });
    expect((await applyRetention(native, TABLE, '10 days', { now })).dropped).toEqual([]);
    expect((await applyRetention(ts, TABLE, '10 days', { now })).dropped).toEqual([]);
  });

  it('runs its retention policy: the job drops the chunks past the interval', { timeout: 60_000 }, async () => {
    await createTimeSeriesTable(ts, { ...spec, retention: { dropAfter: '5 days' } });
    const policy = (await jobs(ts)).rows.find((j) => j.proc_name === 'policy_retention');
    await ts.exec(`CALL run_job(${Number(policy?.job_id)})`);
    const oldest = await one<{ oldest_end_ok: boolean; n: number }>(
      ts,
      `SELECT bool_and(range_end > now() - interval '5 days') AS oldest_end_ok, count(*)::int AS n
         FROM timescaledb_information.chunks WHERE hypertable_name = $1`,
      [TABLE],
    );
    expect(oldest.oldest_end_ok).toBe(true);
    expect(oldest.n).toBeGreaterThan(0);
    await applyRetention(native, TABLE, '5 days');
    expect(await runServiceQueries(ts, TABLE, window)).toEqual(await runServiceQueries(native, TABLE, window));
  });
});
