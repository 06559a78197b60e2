/**
 * The database port. Adapters: PGlite (embedded profile, PostgreSQL compiled to WASM with a local data
 * directory) and PostgreSQL 15+ through node-postgres (distributed profile). One contract suite in
 * @vigie/service-kit-testing runs against both. SQL is PostgreSQL's dialect with $1… parameters in both.
 */
export interface QueryResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export interface Database extends Queryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters (DDL, migrations). */
  exec(sql: string): Promise<void>;
  /** Whether the TimescaleDB extension is available (hypertables) or native partitions must be used. */
  readonly capabilities: { readonly timescaledb: boolean };
  close(): Promise<void>;
}

/** A numbered SQL migration owned by one service, e.g. { id: '001_sensor_data', sql }. */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}
