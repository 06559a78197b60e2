/**
 * The database port. Adapters: PGlite (embedded profile, PostgreSQL compiled to WASM with a local data
 * directory) and PostgreSQL 15+ through node-postgres (distributed profile). One contract suite in
 * @vigie/service-kit-testing runs against both. SQL is PostgreSQL's dialect with $1… parameters in both.
 *
 * Parameters: string, number, boolean, null, Date, bigint, arrays (bound to array types such as int[] or
 * text[]) and plain objects (bound to json/jsonb). To bind a JS array to a json/jsonb parameter, pass
 * `JSON.stringify(array)`: node-postgres would otherwise send it as a PostgreSQL array literal.
 *
 * Results decode identically in both adapters:
 *   int2/int4/float4/float8 → number        int8 → number, or bigint beyond ±2^53 (never silently rounded)
 *   numeric → string (exact)                 bool → boolean        text/varchar/uuid → string
 *   timestamptz → Date                       timestamp (no zone) → Date read as UTC
 *   date → 'YYYY-MM-DD' string (a Date would shift with the process time zone)
 *   json/jsonb → parsed value                arrays of the above → arrays        bytea → Uint8Array
 */
export interface QueryResult<R> {
  readonly rows: R[];
  /** Rows returned (SELECT) or affected (INSERT/UPDATE/DELETE; ON CONFLICT DO NOTHING skips are not counted). */
  readonly rowCount: number;
}

export interface Queryable {
  /** One statement with parameters. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

/** What a transaction callback receives: the same connection for every statement, until commit or rollback. */
export interface Transaction extends Queryable {
  /** Runs several statements without parameters inside the transaction (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws (the error is
   * rethrown). Inside `fn`, use `tx` only: PGlite has a single connection, so a statement sent through the
   * Database while a transaction holds it could never run (the PGlite adapter rejects it instead of hanging).
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters (DDL, migrations). */
  exec(sql: string): Promise<void>;
  /** Whether the TimescaleDB extension is available (hypertables) or native partitions must be used. */
  readonly capabilities: { readonly timescaledb: boolean };
  /** Releases the connections (PGlite: flushes and closes its data directory). Stop issuing queries first. */
  close(): Promise<void>;
}

/** A numbered SQL migration owned by one service, e.g. { id: '001_sensor_data', sql }. */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

/** Stable codes of the errors raised by this module (driver errors pass through with PostgreSQL's SQLSTATE). */
export type DbErrorCode =
  | 'DB_MIGRATION_CHECKSUM_MISMATCH'
  | 'DB_MIGRATION_INVALID'
  | 'DB_QUERY_OUTSIDE_TRANSACTION'
  | 'DB_INVALID_IDENTIFIER'
  | 'DB_INVALID_ARGUMENT';

export class DbError extends Error {
  override readonly name = 'DbError';
  constructor(
    readonly code: DbErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${code}: ${message}`);
  }
}

/** PostgreSQL truncates longer identifiers silently, which would make two long names collide. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * Quotes an identifier, or a dotted `schema.table` name part by part, for interpolation into SQL.
 * Parameters cannot stand for identifiers, so this is the only safe way to build DDL from names.
 */
export function quoteIdentifier(name: string): string {
  return name
    .split('.')
    .map((part) => {
      if (part === '' || part.includes('\0') || Buffer.byteLength(part) > MAX_IDENTIFIER_BYTES) {
        throw new DbError('DB_INVALID_IDENTIFIER', `invalid identifier '${name}'`, { name });
      }
      return `"${part.replace(/"/g, '""')}"`;
    })
    .join('.');
}
