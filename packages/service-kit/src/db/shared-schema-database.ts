import { quoteIdentifier, type Database, type QueryResult, type Transaction } from './database';

/**
 * Gives each service of the embedded profile its own PostgreSQL schema on ONE shared single-connection database
 * (PGlite): every statement runs under a mutex after `SET search_path` to the service's schema when another
 * schema was last in force. Services keep writing unqualified table names, exactly as in the distributed profile
 * where each service connects with its own search_path (PostgresDatabase `searchPath`). Without the mutex, one
 * service's transaction would block or break the others' statements on the single connection.
 */
export class SharedSchemaHost {
  private tail: Promise<unknown> = Promise.resolve();
  private current: string | null = null;

  constructor(private readonly inner: Database) {}

  /** A Database view whose statements run in `schema` (created on first use). */
  forSchema(schema: string): Database {
    return new SchemaView(this, schema);
  }

  get capabilities(): Database['capabilities'] {
    return this.inner.capabilities;
  }

  /** Runs `fn` alone on the connection with `schema` first on the search path. */
  exclusive<T>(schema: string, fn: (db: Database) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.current !== schema) {
        const q = quoteIdentifier(schema);
        await this.inner.exec(`CREATE SCHEMA IF NOT EXISTS ${q}; SET search_path TO ${q}, public`);
        this.current = schema;
      }
      return fn(this.inner);
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

class SchemaView implements Database {
  constructor(
    private readonly host: SharedSchemaHost,
    private readonly schema: string,
  ) {}

  get capabilities(): Database['capabilities'] {
    return this.host.capabilities;
  }

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return this.host.exclusive(this.schema, (db) => db.query<R>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.host.exclusive(this.schema, (db) => db.exec(sql));
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.host.exclusive(this.schema, (db) => db.transaction(fn));
  }

  /** The shared connection belongs to the host; a service stopping must not close it for the others. */
  async close(): Promise<void> {}
}
