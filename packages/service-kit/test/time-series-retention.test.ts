import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyRetention,
  createTimeSeriesTable,
  ensurePartitions,
  insertRows,
  maintainTimeSeriesTable,
  PgliteDatabase,
  startTimeSeriesMaintenance,
  type Database,
  type TimeSeriesTableSpec,
} from '../src/db/index';

// Retention and maintenance of the native-partition path, on stock PGlite (no TimescaleDB).

const DAY_MS = 86_400_000;
const day0 = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const at = (days: number, hours = 0): Date => new Date(day0 + days * DAY_MS + hours * 3_600_000);
const suffix = (d: Date): string => `_p${d.toISOString().slice(0, 10).replace(/-/g, '')}`;
const specOf = (table: string, extra: Partial<TimeSeriesTableSpec> = {}): TimeSeriesTableSpec => ({
  table,
  columnsSql: 'sensor_id text NOT NULL, ts timestamptz NOT NULL, value double precision',
  timeColumn: 'ts',
  primaryKey: ['sensor_id', 'ts'],
  ...extra,
});

let db: Database;
beforeAll(async () => {
  db = await PgliteDatabase.open();
});
afterAll(async () => {
  await db?.close();
});

const partitions = async (table: string): Promise<string[]> =>
  (
    await db.query<{ name: string }>('SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = $1::regclass ORDER BY 1', [
      table,
    ])
  ).rows.map((r) => r.name);
const defaultRows = async (table: string): Promise<Date[]> =>
  (await db.query<{ ts: Date }>(`SELECT ts FROM ${table}_default ORDER BY ts`)).rows.map((r) => r.ts);

describe('applyRetention on native partitions', () => {
  it('drops only partitions entirely older than the cutoff, and DEFAULT rows of entirely older days', async () => {
    const t = 'ret_a';
    await createTimeSeriesTable(db, specOf(t));
    await ensurePartitions(db, t, at(-5), at(-4)); // day -3 deliberately has no partition
    // A partition attached by hand with a 20-day range: retention reads bounds from the catalog, not names.
    await db.exec(
      `CREATE TABLE ret_a_archive (LIKE ret_a); ALTER TABLE ret_a ATTACH PARTITION ret_a_archive FOR VALUES FROM ('${at(-40).toISOString()}') TO ('${at(-20).toISOString()}')`,
    );
    const hourly = [-5, -4, -2, -1].flatMap((d) => Array.from({ length: 24 }, (_, h) => ['s1', at(d, h), h]));
    // In the DEFAULT partition: a reset clock, a day -45 replay, two readings of day -3, one far in the future.
    // Day -30 falls in the archive.
    const odd = [at(-20_000), at(-45), at(-30), at(-3, 1), at(-3, 23), new Date('2100-01-01T00:00:00Z')].map((d) => ['s1', d, 0]);
    expect(await insertRows(db, t, ['sensor_id', 'ts', 'value'], [...hourly, ...odd], { onConflict: 'nothing' })).toBe(102);

    // Cutoff day -3 at 12:00: days -5 and -4 and the archive are entirely older; day -3 is not.
    const now = at(0, 12);
    const result = await applyRetention(db, t, '3 days', { now });
    expect(result.cutoff).toEqual(at(-3, 12));
    expect(result.dropped).toEqual(['ret_a_archive', `${t}${suffix(at(-5))}`, `${t}${suffix(at(-4))}`]);
    expect(result.deletedFromDefault).toBe(2); // the reset clock and day -45
    expect(await defaultRows(t)).toEqual([at(-3, 1), at(-3, 23), new Date('2100-01-01T00:00:00Z')]);
    expect(await partitions(t)).not.toContain('ret_a_archive');
    const left = await db.query<{ n: number; first: Date }>(`SELECT count(*)::int AS n, min(ts) AS first FROM ${t}`);
    expect(left.rows).toEqual([{ n: 2 * 24 + 3, first: at(-3, 1) }]);

    expect(await applyRetention(db, t, '3 days', { now })).toEqual({ dropped: [], deletedFromDefault: 0, cutoff: at(-3, 12) });
  });

  it('refuses a non-positive interval and a table that is not partitioned', async () => {
    await createTimeSeriesTable(db, specOf('ret_b'));
    await expect(applyRetention(db, 'ret_b', '-1 day')).rejects.toMatchObject({ code: 'DB_INVALID_ARGUMENT' });
    await expect(applyRetention(db, 'ret_b', '0 days')).rejects.toMatchObject({ code: 'DB_INVALID_ARGUMENT' });
    await db.exec('CREATE TABLE ret_plain (ts timestamptz)');
    await expect(applyRetention(db, 'ret_plain', '1 day')).rejects.toMatchObject({ code: 'DB_INVALID_ARGUMENT' });
    expect(await partitions('ret_b')).toHaveLength(11);
  });

  it('is applied by createTimeSeriesTable; compression is not applied on partitions, and says so only in its docs', async () => {
    const spec = specOf('ret_c', {
      retention: { dropAfter: '1 day' },
      compression: { segmentBy: ['sensor_id'], orderBy: 'ts DESC', after: '1 day' },
    });
    expect(await createTimeSeriesTable(db, spec)).toBe('partitioned');
    // Day -2's partition ends at the start of day -1, before now - 1 day: dropped right after it was made.
    const names = await partitions('ret_c');
    expect(names).not.toContain(`ret_c${suffix(at(-2))}`);
    expect(names).toContain(`ret_c${suffix(at(-1))}`);
    expect(names).toHaveLength(10); // DEFAULT, day -1, today and 7 days ahead
    expect(await createTimeSeriesTable(db, spec)).toBe('partitioned');
    expect(await partitions('ret_c')).toEqual(names);
  });
});

describe('time-series maintenance', () => {
  it('keeps a week of daily partitions ahead and applies retention', async () => {
    const spec = specOf('mnt_a', { retention: { dropAfter: '2 days' } });
    await createTimeSeriesTable(db, spec);
    const result = await maintainTimeSeriesTable(db, spec, at(3, 6));
    expect(result.created).toEqual([8, 9, 10].map((d) => `mnt_a${suffix(at(d))}`));
    expect(result.retention?.dropped).toEqual([-2, -1, 0].map((d) => `mnt_a${suffix(at(d))}`));
    expect(await maintainTimeSeriesTable(db, spec, at(3, 6))).toMatchObject({ created: [], retention: { dropped: [] } });
  });

  it('runs on a timer, reports a failing table without stopping the others, and stops', async () => {
    const spec = specOf('mnt_b');
    await createTimeSeriesTable(db, spec);
    const ahead = `mnt_b${suffix(at(7))}`;
    await db.exec(`ALTER TABLE mnt_b DETACH PARTITION ${ahead}; DROP TABLE ${ahead};`);
    const errors: string[] = [];
    const maintenance = startTimeSeriesMaintenance(db, [specOf('mnt_missing'), spec], {
      everyMs: 10,
      onError: (_e, table) => errors.push(table),
    });
    const deadline = Date.now() + 5_000;
    while (!(await partitions('mnt_b')).includes(ahead) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await maintenance.stop();
    expect(await partitions('mnt_b')).toContain(ahead);
    expect(errors[0]).toBe('mnt_missing');
    const seen = errors.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(errors.length).toBe(seen);
  });
});
