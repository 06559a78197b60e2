/**
 * Prints insertRows throughput on both Database adapters (figures, not a test):
 *   node --import tsx bench/database.bench.ts
 * PostgreSQL is measured when VIGIE_BENCH_DATABASE_URL, VIGIE_TEST_DATABASE_URL or DATABASE_URL is set
 * (infra/postgres/postgres.sh start prints one). BENCH_ROWS sets the row count (default 100 000).
 * A multi-row VALUES insert is measured alongside as the reference the unnest strategy was chosen against.
 */
import { randomBytes } from 'node:crypto';
import { insertRows, PgliteDatabase, PostgresDatabase, type Database } from '../packages/service-kit/src/db/index';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const COLUMNS = ['asset_id', 'ts', 'value', 'quality'];
const start = Date.UTC(2024, 0, 1);
const rows: unknown[][] = Array.from({ length: ROWS }, (_, i) => [`asset-${i % 50}`, new Date(start + i * 1000), Math.sin(i / 10), i % 3]);

async function valuesReference(db: Database, table: string, input: readonly unknown[][] = rows): Promise<number> {
  const perStatement = Math.floor(65_535 / COLUMNS.length);
  let inserted = 0;
  for (let s = 0; s < input.length; s += perStatement) {
    const batch = input.slice(s, s + perStatement);
    const tuples = batch.map((_, r) => `($${r * 4 + 1}, $${r * 4 + 2}, $${r * 4 + 3}, $${r * 4 + 4})`).join(', ');
    inserted += (await db.query(`INSERT INTO ${table} VALUES ${tuples} ON CONFLICT DO NOTHING`, batch.flat())).rowCount;
  }
  return inserted;
}

async function timed(label: string, run: () => Promise<number>): Promise<void> {
  const t0 = performance.now();
  const inserted = await run();
  const seconds = (performance.now() - t0) / 1000;
  console.log(`  ${label.padEnd(44)} ${String(inserted).padStart(7)} inserted  ${Math.round(ROWS / seconds).toLocaleString('en').padStart(9)} rows/s`);
}

async function benchAdapter(name: string, db: Database): Promise<void> {
  console.log(`${name}`);
  const table = `bench_${randomBytes(4).toString('hex')}`;
  const ddl = (t: string) => `CREATE TABLE ${t} (asset_id text NOT NULL, ts timestamptz NOT NULL, value float8 NOT NULL, quality int NOT NULL, PRIMARY KEY (asset_id, ts))`;
  try {
    // Warm up (JIT, WASM, catalog caches) on a throwaway table so the first measured path is not penalised.
    await db.exec(`${ddl(table)}; ${ddl(`${table}_v`)}; ${ddl(`${table}_w`)};`);
    await insertRows(db, `${table}_w`, COLUMNS, rows.slice(0, 20_000));
    await valuesReference(db, `${table}_w`, rows.slice(20_000, 40_000));
    await timed('insertRows (unnest), new rows', () => insertRows(db, table, COLUMNS, rows, { onConflict: 'nothing' }));
    await timed('insertRows (unnest), all conflicting', () => insertRows(db, table, COLUMNS, rows, { onConflict: 'nothing' }));
    await timed('reference: multi-row VALUES, new rows', () => valuesReference(db, `${table}_v`));
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${table}, ${table}_v, ${table}_w;`);
    await db.close();
  }
}

console.log(`insertRows, ${ROWS.toLocaleString('en')} rows of (text, timestamptz, float8, int4)`);
await benchAdapter('PGlite (in memory)', await PgliteDatabase.open());
const url = process.env.VIGIE_BENCH_DATABASE_URL ?? process.env.VIGIE_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (url === undefined || url === '') {
  console.log('PostgreSQL: not measured (run infra/postgres/postgres.sh start and set DATABASE_URL)');
} else {
  await benchAdapter(`PostgreSQL (${new URL(url).host})`, await PostgresDatabase.fromConfig({ url, applicationName: 'vigie-bench' }));
}
