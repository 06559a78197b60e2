import { DbError, MAX_IDENTIFIER_BYTES, quoteIdentifier, type Database, type Transaction } from './database';
import { applyRetention, partitionColumn, type RetentionResult } from './retention';

// Retention has its own file; re-exported here so that db/index.ts, which lists the module's files, need not change.
export { applyRetention, type RetentionOptions, type RetentionResult } from './retention';

export interface TimeSeriesCompression {
  /** Columns stored once per compressed segment, e.g. ['sensor_id']: a query filtering on them decompresses only its segments. */
  readonly segmentBy: readonly string[];
  /** Row order inside a segment, e.g. 'ts DESC': comma-separated `column [ASC|DESC] [NULLS FIRST|LAST]`. */
  readonly orderBy: string;
  /** The policy compresses chunks whose whole range is older than this interval, e.g. '7 days'. */
  readonly after: string;
}

export interface TimeSeriesRetention {
  /** Whole chunks (hypertable) or daily partitions older than this interval are dropped, e.g. '90 days'. */
  readonly dropAfter: string;
}

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
  /**
   * TimescaleDB only: native columnar compression plus a policy compressing older chunks. PostgreSQL has no
   * equivalent (TOAST compresses single large values, not columns of small ones), so on the partition path this
   * is not applied; a service declares one spec for both profiles and the embedded one simply stores more bytes.
   */
  readonly compression?: TimeSeriesCompression;
  /**
   * A TimescaleDB retention policy; on the partition path, applyRetention runs when the table is created and
   * on every maintainTimeSeriesTable (see startTimeSeriesMaintenance). Leaving it out later does not remove a
   * policy already in place: an operator may have added it on purpose.
   */
  readonly retention?: TimeSeriesRetention;
}

export type TimeSeriesKind = 'hypertable' | 'partitioned';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const PARTITION_SUFFIX_BYTES = '_pYYYYMMDD'.length;
/** Daily partitions kept ready ahead of today: a week of slack if maintenance stops running. */
const DAYS_AHEAD = 7;

/**
 * Creates (idempotently) a table for time-stamped measurements: a TimescaleDB hypertable when the extension
 * is there, otherwise a table partitioned by day on the time column with a DEFAULT partition and daily
 * partitions from two days ago to seven days ahead. Either way the primary key is unique across the whole
 * table, so `INSERT … ON CONFLICT DO NOTHING` makes re-delivered batches harmless. Compression and retention
 * (see the spec) are brought to what the spec says on every call, so a changed interval takes effect on restart.
 */
export async function createTimeSeriesTable(db: Database, spec: TimeSeriesTableSpec): Promise<TimeSeriesKind> {
  if (!spec.primaryKey.includes(spec.timeColumn)) {
    throw new DbError('DB_INVALID_ARGUMENT', `primary key of ${spec.table} must include ${spec.timeColumn}`);
  }
  const table = quoteIdentifier(spec.table);
  const time = quoteIdentifier(spec.timeColumn);
  const pk = spec.primaryKey.map(quoteIdentifier).join(', ');
  if (db.capabilities.timescaledb) {
    // Validated before anything is created, so a bad spec leaves no half-configured table.
    const compression = spec.compression === undefined ? undefined : compressionSettings(spec.compression);
    await db.exec(`CREATE TABLE IF NOT EXISTS ${table} (${spec.columnsSql}, PRIMARY KEY (${pk}))`);
    await db.transaction(async (tx) => {
      // Two instances of a service starting at once would otherwise both add a policy job.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`vigie.timeseries:${spec.table}`]);
      await tx.query('SELECT create_hypertable($1::regclass, $2::name, chunk_time_interval => $3::interval, if_not_exists => true)', [
        table,
        spec.timeColumn,
        spec.chunkInterval ?? '1 day',
      ]);
      if (compression !== undefined) {
        await configureCompression(tx, table, compression);
        await ensurePolicy(tx, table, COMPRESSION_POLICY, compression.after);
      }
      if (spec.retention !== undefined) await ensurePolicy(tx, table, RETENTION_POLICY, spec.retention.dropAfter);
    });
    return 'hypertable';
  }
  assertRoomForSuffix(spec.table);
  // The DEFAULT partition catches rows outside every daily partition. Without it such a row (a sensor whose
  // clock reset to 1970, a replay of last year's data) fails the whole INSERT, and an ingestion consumer
  // would retry that batch forever. ensurePartitions later moves such rows into their own partition.
  await db.exec(`CREATE TABLE IF NOT EXISTS ${table} (${spec.columnsSql}, PRIMARY KEY (${pk})) PARTITION BY RANGE (${time});
CREATE TABLE IF NOT EXISTS ${quoteIdentifier(`${spec.table}_default`)} PARTITION OF ${table} DEFAULT;`);
  const today = startOfUtcDay(new Date());
  await ensurePartitions(db, spec.table, new Date(today - 2 * DAY_MS), new Date(today + DAYS_AHEAD * DAY_MS), spec.timeColumn);
  if (spec.retention !== undefined) await applyRetention(db, spec.table, spec.retention.dropAfter);
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

export interface TimeSeriesMaintenanceResult {
  /** Daily partitions created ahead. */
  readonly created: string[];
  /** What retention dropped, or null when the spec has none. */
  readonly retention: RetentionResult | null;
}

/**
 * What the partition path needs regularly and TimescaleDB does by itself with its background jobs: daily
 * partitions for the coming week (without them new rows would pile up in the DEFAULT partition, and attaching
 * a partition later has to move them) and the spec's retention. A no-op on a hypertable.
 */
export async function maintainTimeSeriesTable(
  db: Database,
  spec: TimeSeriesTableSpec,
  now: Date = new Date(),
): Promise<TimeSeriesMaintenanceResult> {
  const kind = await db.query<{ relkind: string }>('SELECT relkind FROM pg_class WHERE oid = $1::regclass', [quoteIdentifier(spec.table)]);
  if (kind.rows[0]?.relkind !== 'p') return { created: [], retention: null };
  const today = startOfUtcDay(now);
  const created = await ensurePartitions(db, spec.table, new Date(today), new Date(today + DAYS_AHEAD * DAY_MS), spec.timeColumn);
  const retention = spec.retention === undefined ? null : await applyRetention(db, spec.table, spec.retention.dropAfter, { now });
  return { created, retention };
}

export interface TimeSeriesMaintenanceOptions {
  /** Default one hour: partitions are made a week ahead, so a missed run costs nothing. */
  readonly everyMs?: number;
  /** A failed run (a lock timeout, a lost connection) is reported here and tried again at the next tick. */
  readonly onError: (error: unknown, table: string) => void;
}

export interface TimeSeriesMaintenance {
  /** Cancels the next run and waits for a running one: call it before closing the Database. */
  stop(): Promise<void>;
}

/**
 * Runs maintainTimeSeriesTable for each spec every `everyMs`, one run at a time, starting one period from now
 * (createTimeSeriesTable has just done the same work). Wire `stop` into the service's shutdown.
 */
export function startTimeSeriesMaintenance(
  db: Database,
  specs: readonly TimeSeriesTableSpec[],
  options: TimeSeriesMaintenanceOptions,
): TimeSeriesMaintenance {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const runOnce = async (): Promise<void> => {
    for (const spec of specs) {
      if (stopped) return;
      try {
        await maintainTimeSeriesTable(db, spec);
      } catch (error) {
        options.onError(error, spec.table);
      }
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce().then(schedule);
    }, options.everyMs ?? HOUR_MS);
    // A pending run must not keep a process that has nothing else to do alive.
    timer.unref();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** The policies createTimeSeriesTable manages, as TimescaleDB names them and their interval in the job config. */
interface PolicyKind {
  readonly proc: string;
  readonly configKey: string;
  readonly add: string;
  readonly remove: string;
}
const COMPRESSION_POLICY: PolicyKind = {
  proc: 'policy_compression',
  configKey: 'compress_after',
  add: 'add_compression_policy',
  remove: 'remove_compression_policy',
};
const RETENTION_POLICY: PolicyKind = {
  proc: 'policy_retention',
  configKey: 'drop_after',
  add: 'add_retention_policy',
  remove: 'remove_retention_policy',
};

/**
 * Adds the policy, or replaces it when its interval differs: `if_not_exists` alone would keep the old interval
 * with only a warning, so a changed spec would silently never apply.
 */
async function ensurePolicy(tx: Transaction, table: string, policy: PolicyKind, interval: string): Promise<void> {
  const { rows } = await tx.query<{ same: boolean }>(
    `SELECT (j.config->>$2)::interval = $3::interval AS same
       FROM timescaledb_information.jobs j, pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = $1::regclass AND j.proc_name = $4 AND j.hypertable_schema = n.nspname AND j.hypertable_name = c.relname`,
    [table, policy.configKey, interval, policy.proc],
  );
  if (rows[0]?.same === true) return;
  if (rows.length > 0) await tx.query(`SELECT ${policy.remove}($1::regclass)`, [table]);
  await tx.query(`SELECT ${policy.add}($1::regclass, ${policy.configKey} => $2::interval, if_not_exists => true)`, [table, interval]);
}

/** The compression settings of a spec, validated and quoted, in the forms DDL and TimescaleDB's catalog use. */
interface CompressionSettings {
  readonly segmentBySql: string;
  readonly orderBySql: string;
  /** As timescaledb_information.hypertable_compression_settings prints them, for simple column names. */
  readonly segmentByShown: string;
  readonly orderByShown: string;
  readonly after: string;
}

function compressionSettings(c: TimeSeriesCompression): CompressionSettings {
  const items = c.orderBy.split(',').map((item) => orderByItem(item, c.orderBy));
  return {
    segmentBySql: c.segmentBy.map(quoteIdentifier).join(', '),
    orderBySql: items.map((i) => `${quoteIdentifier(i.column)}${i.modifiers}`).join(', '),
    segmentByShown: c.segmentBy.join(','),
    orderByShown: items.map((i) => `${i.column}${i.modifiers}`).join(','),
    after: c.after,
  };
}

/**
 * Turns on TimescaleDB's columnar compression with the spec's segments and order; settings apply to chunks
 * compressed from then on (TimescaleDB records them per chunk). Skipped when the catalog already shows them:
 * the ALTER locks the hypertable, and every service start would otherwise queue inserts behind it. A setting
 * printed differently from how we spell it only costs a redundant ALTER.
 */
async function configureCompression(tx: Transaction, table: string, s: CompressionSettings): Promise<void> {
  const current = await tx.query<{ segmentby: string | null; orderby: string | null }>(
    'SELECT segmentby, orderby FROM timescaledb_information.hypertable_compression_settings WHERE hypertable = $1::regclass',
    [table],
  );
  const shown = current.rows[0];
  if (shown !== undefined && (shown.segmentby ?? '') === s.segmentByShown && shown.orderby === s.orderByShown) return;
  await tx.exec(`ALTER TABLE ${table} SET (timescaledb.compress, timescaledb.compress_segmentby = ${sqlLiteral(s.segmentBySql)},
    timescaledb.compress_orderby = ${sqlLiteral(s.orderBySql)})`);
}

const ORDER_ITEM = /^\s*([^\s,]+)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*$/i;

/**
 * `ts desc nulls last` → column `ts`, modifiers ` DESC NULLS LAST`. NULLS is kept only where it differs from
 * PostgreSQL's default for the direction, as the catalog prints it. Anything else is refused: it would be SQL.
 */
function orderByItem(item: string, whole: string): { column: string; modifiers: string } {
  const m = ORDER_ITEM.exec(item);
  if (m === null || m[1] === undefined) throw new DbError('DB_INVALID_ARGUMENT', `invalid compression orderBy '${whole}'`, { orderBy: whole });
  const desc = m[2]?.toUpperCase() === 'DESC';
  const nullsFirst = m[3] === undefined ? desc : m[3].toUpperCase() === 'FIRST';
  const modifiers = `${desc ? ' DESC' : ''}${nullsFirst === desc ? '' : nullsFirst ? ' NULLS FIRST' : ' NULLS LAST'}`;
  return { column: m[1], modifiers };
}

/** A string constant for DDL, where parameters are not allowed. */
function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
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
