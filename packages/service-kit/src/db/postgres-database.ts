import pg from 'pg';
import { quoteIdentifier, type Database, type QueryResult, type Transaction } from './database';

export interface PostgresDatabaseConfig {
  /** postgres://user:password@host:port/database */
  readonly url: string;
  /** Maximum open connections. Default 10. */
  readonly poolSize?: number;
  /** Shown in pg_stat_activity, so an operator can tell services apart. */
  readonly applicationName?: string;
  /**
   * Schemas searched for unqualified names, first one created if missing; `public` is appended. Lets each
   * service keep unqualified table names in its own schema, as the embedded profile's shared database does.
   */
  readonly searchPath?: readonly string[];
}

export interface PostgresDatabaseOptions {
  /** Receives errors of idle pooled connections (server restart, network cut). Default: one line on stderr. */
  readonly onError?: (error: Error) => void;
}

const OID = { int8: 20, date: 1082, timestamp: 1114, timestamptz: 1184, int8Array: 1016, dateArray: 1182, timestampArray: 1115 };

/** Aligns node-postgres's decoding with PGlite's, so code behaves the same in both profiles (see database.ts). */
function typeParsers(): pg.CustomTypesConfig {
  const parseTimestamptz = pg.types.getTypeParser(OID.timestamptz) as (value: string) => Date;
  const parseInt8 = (value: string): number | bigint => {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value);
  };
  // A timestamp without time zone is read as UTC: node-postgres would use the process's local zone.
  const parseTimestamp = (value: string): Date | string =>
    /^-?infinity$/.test(value) ? value : parseTimestamptz(`${value}+00`);
  const identity = (value: string): string => value;
  const custom = new Map<number, (value: string) => unknown>([
    [OID.int8, parseInt8],
    [OID.date, identity],
    [OID.timestamp, parseTimestamp],
    [OID.int8Array, (v) => pg.types.arrayParser(v, parseInt8)],
    [OID.dateArray, (v) => pg.types.arrayParser(v, identity)],
    [OID.timestampArray, (v) => pg.types.arrayParser(v, parseTimestamp)],
  ]);
  return {
    // pg's own typing of getTypeParser is an overloaded generic; the text-format parser is all we return.
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      custom.get(oid) ?? pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
  };
}

/** The distributed-profile adapter: a node-postgres pool; a transaction pins one client until it ends. */
export class PostgresDatabase implements Database {
  readonly #pool: pg.Pool;
  #closed = false;
  readonly capabilities: { readonly timescaledb: boolean };

  private constructor(pool: pg.Pool, timescaledb: boolean) {
    this.#pool = pool;
    this.capabilities = { timescaledb };
  }

  static async fromConfig(config: PostgresDatabaseConfig, options: PostgresDatabaseOptions = {}): Promise<PostgresDatabase> {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize ?? 10,
      application_name: config.applicationName ?? 'vigie',
      // Fail a checkout instead of hanging when the server is down or the pool is exhausted.
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      types: typeParsers(),
      // A startup parameter applies to every pooled connection, unlike a SET issued on one of them.
      ...(config.searchPath === undefined ? {} : { options: `-c search_path=${searchPathOption(config.searchPath)}` }),
    });
    // Without a listener, an idle client's error (server restart) is an unhandled 'error' event and kills
    // the process; the pool already discards that client, so reporting it is enough.
    const onError = options.onError ?? ((e: Error) => process.stderr.write(`postgres pool: idle client error: ${e.message}\n`));
    pool.on('error', onError);
    try {
      const first = config.searchPath?.[0];
      if (first !== undefined) await createSchema(pool, first);
      return new PostgresDatabase(pool, await probeTimescaledb(pool));
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  async query<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    return toResult<R>(await this.#pool.query(sql, [...params]));
  }

  async exec(sql: string): Promise<void> {
    // Without parameters node-postgres uses the simple query protocol, which accepts several statements.
    await this.#pool.query(sql);
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    const tx: Transaction = {
      query: async <R>(sql: string, params: readonly unknown[] = []) => toResult<R>(await client.query(sql, [...params])),
      exec: async (sql: string) => {
        await client.query(sql);
      },
    };
    let broken: Error | undefined;
    // pg-pool stops listening to a client's errors while it is checked out; a connection lost between two
    // statements would then be an unhandled 'error' event. Record it: the next statement fails anyway.
    const onClientError = (error: Error): void => {
      broken = error;
    };
    client.on('error', onClientError);
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // If ROLLBACK itself fails the connection state is unknown: destroy it rather than reuse it.
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken ??= rollbackError;
      });
      throw error;
    } finally {
      client.off('error', onClientError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

function toResult<R>(res: pg.QueryResult): QueryResult<R> {
  // node-postgres types rows as any[]; R is the caller's declaration of the row shape.
  return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
}

/** Backslash-escapes what libpq's options parser would split on (spaces) or unescape. */
function searchPathOption(schemas: readonly string[]): string {
  return [...schemas, 'public'].map(quoteIdentifier).join(',').replace(/[\\ ]/g, (c) => `\\${c}`);
}

async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  } catch (error) {
    // Two services creating the same schema at once: IF NOT EXISTS still races on the catalog's unique index.
    if ((error as { code?: string }).code !== '23505') throw error;
  }
}

/** Creating the extension needs it installed and preloaded (and usually superuser); any failure means no. */
async function probeTimescaledb(pool: pg.Pool): Promise<boolean> {
  const available = await pool.query("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'");
  if (available.rowCount === 0) return false;
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
    return true;
  } catch {
    return false;
  }
}
