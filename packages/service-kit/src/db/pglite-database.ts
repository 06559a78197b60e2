import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import { PGlite, types } from '@electric-sql/pglite';
import { DbError, type Database, type QueryResult, type Transaction } from './database';

export interface PgliteDatabaseOptions {
  /** Directory of the embedded cluster, created when missing. In memory when omitted. */
  readonly dataDir?: string;
}

/** What the adapter needs of a query result; PGlite releases differ in which counters they fill. */
interface PgliteResults<R> {
  rows: R[];
  rowCount?: number;
  affectedRows?: number;
}

interface PgliteSessionLike {
  query<R>(sql: string, params?: unknown[]): Promise<PgliteResults<R>>;
  exec(sql: string): Promise<unknown>;
}

/**
 * The part of a PGlite instance the adapter uses. Structural, so another PGlite build (e.g. one bundling
 * TimescaleDB, for tests) can be wrapped with `PgliteDatabase.wrap` without copying the adapter.
 */
export interface PgliteLike extends PgliteSessionLike {
  transaction<T>(fn: (tx: PgliteSessionLike) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Marks the async context of a running transaction; cleared at its end so late callbacks are not refused. */
interface TxScope {
  active: boolean;
}

const DATE_OID = 1082;
const DATE_ARRAY_OID = 1182;

/** Dates stay 'YYYY-MM-DD' strings, as in the PostgreSQL adapter (see database.ts for the full mapping). */
const parsers = {
  [DATE_OID]: (value: string) => value,
  [DATE_ARRAY_OID]: (value: string) => types.arrayParser(value, (v: string) => v, DATE_ARRAY_OID),
};

/**
 * The embedded adapter. PGlite is one PostgreSQL backend with one session: its own mutex runs a transaction
 * and every query outside it one after the other, so transactions never interleave.
 */
export class PgliteDatabase implements Database {
  readonly #pg: PgliteLike;
  readonly #txScope = new AsyncLocalStorage<TxScope>();
  #closed = false;
  readonly capabilities: { readonly timescaledb: boolean };

  private constructor(pg: PgliteLike, timescaledb: boolean) {
    this.#pg = pg;
    this.capabilities = { timescaledb };
  }

  static async open(options: PgliteDatabaseOptions = {}): Promise<PgliteDatabase> {
    if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
    const pg = await PGlite.create({ ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }), parsers });
    return PgliteDatabase.wrap(pg);
  }

  /** Adapts an already created PGlite-like instance; TimescaleDB is probed, never assumed. */
  static async wrap(pg: PgliteLike): Promise<PgliteDatabase> {
    return new PgliteDatabase(pg, await probeTimescaledb(pg));
  }

  async query<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    this.#refuseInsideTransaction();
    return toResult<R>(await this.#pg.query<R>(sql, [...params]));
  }

  async exec(sql: string): Promise<void> {
    this.#refuseInsideTransaction();
    await this.#pg.exec(sql);
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.#refuseInsideTransaction();
    const scope: TxScope = { active: true };
    try {
      return await this.#txScope.run(scope, () => this.#pg.transaction((tx) => fn(wrapTransaction(tx))));
    } finally {
      scope.active = false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pg.close();
  }

  /** Fails fast where PGlite would wait forever: the running transaction holds the only session. */
  #refuseInsideTransaction(): void {
    if (this.#txScope.getStore()?.active === true) {
      throw new DbError('DB_QUERY_OUTSIDE_TRANSACTION', 'inside transaction(), send statements through `tx`');
    }
  }
}

function wrapTransaction(tx: PgliteSessionLike): Transaction {
  return {
    query: async <R>(sql: string, params: readonly unknown[] = []) => toResult<R>(await tx.query<R>(sql, [...params])),
    exec: async (sql: string) => {
      await tx.exec(sql);
    },
  };
}

/** Some PGlite releases have no rowCount, and their affectedRows is 0 for a SELECT: rows returned count then. */
function toResult<R>(res: PgliteResults<R>): QueryResult<R> {
  return { rows: res.rows, rowCount: res.rowCount ?? Math.max(res.affectedRows ?? 0, res.rows.length) };
}

/** Stock PGlite has no TimescaleDB; a build that bundles it (see DEPENDENCIES.md) would answer true. */
async function probeTimescaledb(pg: PgliteLike): Promise<boolean> {
  try {
    await pg.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
    return true;
  } catch {
    return false;
  }
}
