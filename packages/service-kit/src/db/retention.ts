import { DbError, quoteIdentifier, type Database, type Queryable } from './database';

export interface RetentionOptions {
  /** The clock the cutoff is measured from. Default: now. Tests pass a fixed instant. */
  readonly now?: Date;
}

export interface RetentionResult {
  /** Partitions (or TimescaleDB chunks) dropped, oldest first. */
  readonly dropped: string[];
  /** Rows deleted from the DEFAULT partition (always 0 for a hypertable). */
  readonly deletedFromDefault: number;
  /** Whole time ranges ending at or before this instant were dropped. */
  readonly cutoff: Date;
}

const DAY_MS = 86_400_000;

/**
 * Drops the data of `table` older than `dropAfter` (an interval such as '90 days'), in whole time ranges only,
 * so that both storage paths keep exactly the same rows:
 * - a TimescaleDB hypertable: `drop_chunks(older_than => now - dropAfter)`, what its retention policy runs;
 * - a natively partitioned table: every partition whose upper bound is at or before the cutoff is DETACHed and
 *   DROPped (a DROP, unlike a DELETE, frees the space at once and leaves no dead rows to vacuum), and rows of
 *   the DEFAULT partition older than the start of the cutoff's UTC day (the day partition they would belong
 *   to is entirely older) are deleted. Newer DEFAULT rows, far-future ones included, are never touched.
 * Idempotent: a second call with the same clock drops nothing. The time column is expected to be timestamptz.
 */
export async function applyRetention(
  db: Database,
  table: string,
  dropAfter: string,
  options: RetentionOptions = {},
): Promise<RetentionResult> {
  const parent = quoteIdentifier(table);
  const now = options.now ?? new Date();
  const { rows } = await db.query<{ cutoff: Date }>('SELECT $1::timestamptz - $2::interval AS cutoff', [now, dropAfter]);
  const cutoff = rows[0]?.cutoff;
  if (cutoff === undefined || cutoff.getTime() >= now.getTime()) {
    throw new DbError('DB_INVALID_ARGUMENT', `retention interval must be positive, got '${dropAfter}'`, { table, dropAfter });
  }
  if (db.capabilities.timescaledb && (await isHypertable(db, parent))) {
    const dropped = await db.query<{ chunk: string }>('SELECT drop_chunks($1::regclass, older_than => $2::timestamptz) AS chunk', [
      parent,
      cutoff,
    ]);
    return { dropped: dropped.rows.map((r) => r.chunk), deletedFromDefault: 0, cutoff };
  }
  return dropPartitions(db, table, parent, cutoff);
}

async function dropPartitions(db: Database, table: string, parent: string, cutoff: Date): Promise<RetentionResult> {
  return db.transaction(async (tx) => {
    // The same lock as ensurePartitions: a partition being created must not be dropped half-way.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`vigie.partitions:${table}`]);
    // DETACH takes an ACCESS EXCLUSIVE lock on the parent. Waiting for it behind a long read would queue every
    // insert behind us; giving up lets the next maintenance run try again. (DETACH … CONCURRENTLY, which would
    // avoid the lock, is refused on a table with a DEFAULT partition.)
    await tx.query("SELECT set_config('lock_timeout', '5s', true)");
    const kind = await tx.query<{ relkind: string }>('SELECT relkind FROM pg_class WHERE oid = $1::regclass', [parent]);
    if (kind.rows[0]?.relkind !== 'p') {
      throw new DbError('DB_INVALID_ARGUMENT', `${table} is neither a hypertable nor a partitioned table`, { table });
    }
    // Bounds are read from the catalog, not from partition names, so partitions attached by hand count too.
    // pg_get_expr prints them in the session's time zone with an offset; the cast reads them back exactly.
    const parts = await tx.query<{ name: string; is_default: boolean; upper: Date | null }>(
      `SELECT c.oid::regclass::text AS name, pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT' AS is_default,
              (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS upper
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = $1::regclass`,
      [parent],
    );
    const old = parts.rows.filter((p) => p.upper !== null && p.upper.getTime() <= cutoff.getTime());
    old.sort((a, b) => (a.upper?.getTime() ?? 0) - (b.upper?.getTime() ?? 0));
    for (const p of old) {
      // p.name is regclass output: already quoted where needed, and it names a relation that exists.
      await tx.exec(`ALTER TABLE ${parent} DETACH PARTITION ${p.name}; DROP TABLE ${p.name};`);
    }
    let deletedFromDefault = 0;
    const defaultPart = parts.rows.find((p) => p.is_default);
    if (defaultPart !== undefined) {
      const column = await partitionColumn(tx, parent);
      const dayStart = new Date(Math.floor(cutoff.getTime() / DAY_MS) * DAY_MS);
      const deleted = await tx.query(`DELETE FROM ${defaultPart.name} WHERE ${quoteIdentifier(column)} < $1`, [dayStart]);
      deletedFromDefault = deleted.rowCount;
    }
    return { dropped: old.map((p) => p.name), deletedFromDefault, cutoff };
  });
}

async function isHypertable(db: Database, parent: string): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables h, pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.oid = $1::regclass AND h.hypertable_schema = n.nspname AND h.hypertable_name = c.relname) AS found`,
    [parent],
  );
  return rows[0]?.found === true;
}

/** The partition key column of a natively partitioned table (`parent` quoted). Shared with time-series.ts. */
export async function partitionColumn(db: Queryable, parent: string): Promise<string> {
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
