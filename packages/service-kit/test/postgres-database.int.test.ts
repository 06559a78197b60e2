import { describe, expect, it } from 'vitest';
import { describeDatabaseContract } from '@vigie/service-kit-testing';
import { PostgresDatabase } from '../src/db/index';

// Never skipped: a missing server must fail the run, not silently pass it.
const url = process.env.VIGIE_TEST_DATABASE_URL;
if (url === undefined || url === '') {
  throw new Error(
    'VIGIE_TEST_DATABASE_URL is not set. The integration test command starts PostgreSQL first: ' +
      'run `infra/postgres/postgres.sh start` and export VIGIE_TEST_DATABASE_URL=<the DATABASE_URL it prints>.',
  );
}
const databaseUrl = url;

describeDatabaseContract('PostgreSQL', () => PostgresDatabase.fromConfig({ url: databaseUrl, poolSize: 12, applicationName: 'vigie-contract' }));

describe('PostgresDatabase', () => {
  it('survives the server killing an idle pooled connection', async () => {
    const errors: Error[] = [];
    const db = await PostgresDatabase.fromConfig({ url: databaseUrl, poolSize: 2, applicationName: 'vigie-idle-kill' }, { onError: (e) => errors.push(e) });
    const victim = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const killer = await PostgresDatabase.fromConfig({ url: databaseUrl, poolSize: 1 });
    await killer.query('SELECT pg_terminate_backend($1)', [victim.rows[0]?.pid]);
    await killer.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errors.length).toBe(1);
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await db.close();
  });

  it('creates unqualified tables in the first schema of searchPath on every pooled connection', async () => {
    const schema = `svc ${Date.now().toString(36)}`;
    const db = await PostgresDatabase.fromConfig({ url: databaseUrl, poolSize: 3, searchPath: [schema] });
    await db.exec('CREATE TABLE scoped (v int)');
    const seen = await Promise.all([1, 2, 3].map(() => db.transaction(async (tx) => (await tx.query('SELECT current_schema() AS s')).rows[0])));
    expect(seen).toEqual([{ s: schema }, { s: schema }, { s: schema }]);
    expect((await db.query('SELECT to_regclass($1) IS NOT NULL AS ok', [`"${schema}".scoped`])).rows).toEqual([{ ok: true }]);
    await db.exec(`DROP SCHEMA "${schema}" CASCADE`);
    await db.close();
  });

  it('reports TimescaleDB exactly when the extension could be created', async () => {
    const db = await PostgresDatabase.fromConfig({ url: databaseUrl });
    const installed = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'timescaledb'");
    expect(db.capabilities.timescaledb).toBe(installed.rows[0]?.n === 1);
    await db.close();
  });
});
