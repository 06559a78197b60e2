import { DbError, MAX_IDENTIFIER_BYTES, quoteIdentifier, type Database, type Queryable } from './database';

export interface TimeSeriesTableSpec {
  /** Table name, optionally `schema.table`. */
  readonly table: string;
  /** Column definitions as in CREATE TABLE, without the primary key, e.g. 'asset_id text NOT NULL, ts timestamptz NOT NULL'. */
  readonly columnsSql: string;
  readonly timeColumn: string;
  /** Must include the time column: both hypertables and partitioned tables enforce uniqueness per chunk. */
  readonly primaryKey: readonly string[];
  /** Hypertable chunk width. Default '1 day'. Native partitions are always daily. */
  readonly chunkInterval?: string;
}

export type TimeSeriesKind = 'hypertable' | 'partitioned';

const DAY_MS = 86_400_000;
const PARTITION_SUFFIX_BYTES = '_pYYYYMMDD'.length;

/**
 * Creates (idempotently) a table for time-stamped measurements: a TimescaleDB hypertable when the extension
 * is there, otherwise a table partitioned by day on the time column with a DEFAULT partition and daily
 * partitions from two days ago to seven days ahead. Either way the primary key is unique across the whole
 * table, so `INSERT … ON CONFLICT DO NOTHING` makes re-delivered batches harmless.
 */
export async function createTimeSeriesTable(db: Database, spec: TimeSeriesTableSpec): Promise<TimeSeriesKind> {
  if (!spec.primaryKey.includes(spec.timeColumn)) {
    throw new DbError('DB_INVALID_ARGUMENT', `primary key of ${spec.table} must include ${spec.timeColumn}`);
  }
  const table = quoteIdentifier(spec.table);
  const time = quoteIdentifier(spec.timeColumn);
  const pk = spec.primaryKey.map(quoteIdentifier).join(', ');
  if (db.capabilities.timescaledb) {
    await db.exec(`CREATE TABLE IF NOT EXISTS ${table} (${spec.columnsSql}, PRIMARY KEY (${pk}))`);
    await db.query('SELECT create_hypertable($1::regclass, $2::name, chunk_time_interval => $3::interval, if_not_exists => true)', [
      table,
      spec.timeColumn,
      spec.chunkInterval ?? '1 day',
    ]);
    return 'hypertable';
  }
  assertRoomForSuffix(spec.table);
  // The DEFAULT partition catches rows outside every daily partition. Without it such a row (a sensor whose
  // clock reset to 1970, a replay of last year's data) fails the whole INSERT, and an ingestion consumer
  // would retry that batch forever. ensurePartitions later moves such rows into their own partition.
  await db.exec(`CREATE TABLE IF NOT EXISTS ${table} (${spec.columnsSql}, PRIMARY KEY (${pk})) PARTITION BY RANGE (${time});
CREATE TABLE IF NOT EXISTS ${quoteIdentifier(`${spec.table}_default`)} PARTITION OF ${table} DEFAULT;`);
  const today = startOfUtcDay(new Date());
  await ensurePartitions(db, spec.table, new Date(today - 2 * DAY_MS), new Date(today + 7 * DAY_MS), spec.timeColumn);
  return 'partitioned';
}

/**
 * Adds the missing daily partitions `<table>_pYYYYMMDD` covering the UTC days from `from` to `to`
 * (inclusive). Rows of those days already in the DEFAULT partition are moved into the new partition:
 * PostgreSQL refuses a new partition whose range the DEFAULT partition already holds rows for.
 * A no-op on a table that is not natively partitioned (a hypertable makes its own chunks).
 * `timeColumn` is read from the partition key when omitted.
 */
export async function ensurePartitions(db: Database, table: string, from: Date, to: Date, timeColumn?: string): Promise<string[]> {
  assertRoomForSuffix(table);
  const parent = quoteIdentifier(table);
  const defaultPart = quoteIdentifier(`${table}_default`);
  return db.transaction(async (tx) => {
    // Two services starting at once would otherwise race to create the same partition.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`vigie.partitions:${table}`]);
    const kind = await tx.query<{ relkind: string }>('SELECT relkind FROM pg_class WHERE oid = $1::regclass', [parent]);
    if (kind.rows[0]?.relkind !== 'p') return [];
    const column = timeColumn ?? (await partitionColumn(tx, parent));
    const time = quoteIdentifier(column);
    const existing = await tx.query<{ relname: string }>(
      'SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass',
      [parent],
    );
    const have = new Set(existing.rows.map((r) => r.relname));
    const baseName = table.split('.').at(-1) ?? table;
    const created: string[] = [];
    for (let day = startOfUtcDay(from); day <= startOfUtcDay(to); day += DAY_MS) {
      const suffix = `_p${new Date(day).toISOString().slice(0, 10).replace(/-/g, '')}`;
      if (have.has(baseName + suffix)) continue;
      const name = table + suffix;
      const part = quoteIdentifier(name);
      const lo = `'${new Date(day).toISOString()}'`;
      const hi = `'${new Date(day + DAY_MS).toISOString()}'`;
      await tx.exec(`CREATE TABLE ${part} (LIKE ${parent} INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
WITH moved AS (DELETE FROM ${defaultPart} WHERE ${time} >= ${lo} AND ${time} < ${hi} RETURNING *)
  INSERT INTO ${part} SELECT * FROM moved;
ALTER TABLE ${parent} ATTACH PARTITION ${part} FOR VALUES FROM (${lo}) TO (${hi});`);
      created.push(name);
    }
    return created;
  });
}

async function partitionColumn(db: Queryable, parent: string): Promise<string> {
  const { rows } = await db.query<{ column: string }>(
    `SELECT a.attname AS column FROM pg_partitioned_table p
       JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
      WHERE p.partrelid = $1::regclass`,
    [parent],
  );
  const column = rows[0]?.column;
  if (column === undefined) throw new DbError('DB_INVALID_ARGUMENT', `${parent} is not partitioned by a column`);
  return column;
}

function assertRoomForSuffix(table: string): void {
  const base = table.split('.').at(-1) ?? table;
  if (Buffer.byteLength(base) + PARTITION_SUFFIX_BYTES > MAX_IDENTIFIER_BYTES) {
    throw new DbError('DB_INVALID_IDENTIFIER', `table name '${base}' leaves no room for the partition suffix`);
  }
}

function startOfUtcDay(d: Date): number {
  return Math.floor(d.getTime() / DAY_MS) * DAY_MS;
}
