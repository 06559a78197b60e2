import { DbError, quoteIdentifier, type Queryable } from './database';

export interface InsertRowsOptions {
  /**
   * 'nothing' → ON CONFLICT DO NOTHING (idempotent re-delivery). Any other string is appended verbatim after
   * ON CONFLICT, e.g. '(asset_id, ts) DO UPDATE SET value = EXCLUDED.value': trusted SQL, never user input.
   */
  readonly onConflict?: 'nothing' | string;
}

interface ColumnType {
  readonly sqlType: string;
  readonly isArray: boolean;
  readonly isJson: boolean;
}

/**
 * Rows per statement. Measured with 100k rows of 4 columns on 2 shared cores (bench/database.bench.ts):
 * unnest ran 75–98k rows/s on PGlite and 125–160k rows/s on PostgreSQL 15, multi-row VALUES (16k rows per
 * statement) 57–75k and 87–127k. Batches of 10k rows were as fast as 50k and keep statements small.
 */
const UNNEST_BATCH_ROWS = 10_000;
/** PostgreSQL's wire protocol numbers parameters with 16 bits. */
const MAX_PARAMS = 65_535;

/** Column types per connection; table layouts change only through migrations, before any insert. */
const typeCache = new WeakMap<Queryable, Map<string, Map<string, ColumnType>>>();

/**
 * Inserts rows in batches through `unnest($1::type[], …)`: one parameter per column whatever the row count,
 * so PostgreSQL parses a short statement. Tables with array-typed columns use multi-row VALUES instead,
 * since unnest would flatten the arrays. json/jsonb values are JS values, encoded here (a JS string becomes a
 * JSON string). Returns the rows inserted (conflicts skipped by DO NOTHING are not counted). Batches are
 * separate statements: pass a transaction's `tx` for all-or-nothing.
 */
export async function insertRows(
  db: Queryable,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: InsertRowsOptions = {},
): Promise<number> {
  if (columns.length === 0) throw new DbError('DB_INVALID_ARGUMENT', 'insertRows needs at least one column');
  const bad = rows.findIndex((r) => r.length !== columns.length);
  if (bad >= 0) throw new DbError('DB_INVALID_ARGUMENT', `row ${bad} has ${rows[bad]?.length} values for ${columns.length} columns`);
  if (rows.length === 0) return 0;
  const types = await columnTypes(db, table, columns);
  const target = `${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')})`;
  const conflict = options.onConflict === undefined ? '' : ` ON CONFLICT ${options.onConflict === 'nothing' ? 'DO NOTHING' : options.onConflict}`;
  const encoded = rows.map((r) => r.map((v, i) => (types[i]?.isJson === true && v !== null && v !== undefined ? JSON.stringify(v) : v)));
  return types.some((t) => t.isArray)
    ? insertValues(db, target, conflict, columns.length, encoded)
    : insertUnnest(db, target, conflict, types, encoded);
}

async function insertUnnest(db: Queryable, target: string, conflict: string, types: readonly ColumnType[], rows: unknown[][]): Promise<number> {
  const casts = types.map((t, i) => `$${i + 1}::${t.sqlType}[]`).join(', ');
  const sql = `INSERT INTO ${target} SELECT * FROM unnest(${casts})${conflict}`;
  let inserted = 0;
  for (let start = 0; start < rows.length; start += UNNEST_BATCH_ROWS) {
    const batch = rows.slice(start, start + UNNEST_BATCH_ROWS);
    const params = types.map((_, c) => batch.map((r) => r[c] ?? null));
    inserted += (await db.query(sql, params)).rowCount;
  }
  return inserted;
}

async function insertValues(db: Queryable, target: string, conflict: string, width: number, rows: unknown[][]): Promise<number> {
  const perBatch = Math.floor(MAX_PARAMS / width);
  let inserted = 0;
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    const tuples = batch.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`);
    inserted += (await db.query(`INSERT INTO ${target} VALUES ${tuples.join(', ')}${conflict}`, batch.flat())).rowCount;
  }
  return inserted;
}

async function columnTypes(db: Queryable, table: string, columns: readonly string[]): Promise<ColumnType[]> {
  let perTable = typeCache.get(db);
  if (perTable === undefined) typeCache.set(db, (perTable = new Map()));
  let known = perTable.get(table);
  // A column missing from the cache may have been added since: look again before refusing.
  if (known === undefined || columns.some((c) => !known?.has(c))) {
    const { rows } = await db.query<{ name: string; sql_type: string; is_array: boolean }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS sql_type, t.typcategory = 'A' AS is_array
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
      [quoteIdentifier(table)],
    );
    known = new Map(rows.map((r) => [r.name, { sqlType: r.sql_type, isArray: r.is_array, isJson: /^jsonb?$/.test(r.sql_type) }]));
    perTable.set(table, known);
  }
  const missing = columns.filter((c) => !known.has(c));
  if (missing.length > 0) throw new DbError('DB_INVALID_ARGUMENT', `${table} has no column ${missing.join(', ')}`);
  return columns.map((c) => known.get(c) as ColumnType);
}
