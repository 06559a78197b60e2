import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import { PGlite, types, type Results, type Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { DbError, type Database, type QueryResult, type Transaction } from './database';

export interface PgliteDatabaseOptions {
  /** Directory of the embedded cluster, created when missing. In memory when omitted. */
  readonly dataDir?: string;
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
  readonly #pg: PGlite;
  readonly #txScope = new AsyncLocalStorage<TxScope>();
  #closed = false;
  readonly capabilities: { readonly timescaledb: boolean };

  private constructor(pg: PGlite, timescaledb: boolean) {
    this.#pg = pg;
    this.capabilities = { timescaledb };
  }

  static async open(options: PgliteDatabaseOptions = {}): Promise<PgliteDatabase> {
    if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
    const pg = await PGlite.create({ ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }), parsers });
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

function wrapTransaction(tx: PgliteTransaction): Transaction {
  return {
    query: async <R>(sql: string, params: readonly unknown[] = []) => toResult<R>(await tx.query<R>(sql, [...params])),
    exec: async (sql: string) => {
      await tx.exec(sql);
    },
  };
}

function toResult<R>(res: Results<R>): QueryResult<R> {
  return { rows: res.rows, rowCount: res.rowCount ?? res.affectedRows ?? res.rows.length };
}

/** Stock PGlite has no TimescaleDB; a build that bundles it (see DEPENDENCIES.md) would answer true. */
async function probeTimescaledb(pg: PGlite): Promise<boolean> {
  try {
    await pg.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
    return true;
  } catch {
    return false;
  }
}
