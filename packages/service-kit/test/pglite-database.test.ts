import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeDatabaseContract } from '@vigie/service-kit-testing';
import { loadMigrations, PgliteDatabase } from '../src/db/index';

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-pglite-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describeDatabaseContract('PGlite in memory', () => PgliteDatabase.open());
// Each call gets its own directory: two PGlite instances must never share one.
describeDatabaseContract('PGlite with a data directory', async () => PgliteDatabase.open({ dataDir: join(await tempDir(), 'nested', 'pg') }));

describe('PgliteDatabase', () => {
  it('keeps data across close and reopen of its data directory', async () => {
    const dataDir = join(await tempDir(), 'pg');
    const first = await PgliteDatabase.open({ dataDir });
    await first.exec(`CREATE TABLE kept (id int PRIMARY KEY, at timestamptz); INSERT INTO kept VALUES (1, '2024-01-01T00:00:00Z');`);
    await first.close();
    const second = await PgliteDatabase.open({ dataDir });
    expect((await second.query('SELECT * FROM kept')).rows).toEqual([{ id: 1, at: new Date('2024-01-01T00:00:00Z') }]);
    await second.close();
  });

  it('reports no TimescaleDB on stock PGlite', async () => {
    const db = await PgliteDatabase.open();
    expect(db.capabilities.timescaledb).toBe(false);
    await db.close();
  });

  it('rejects a statement sent through the Database inside a transaction instead of hanging', async () => {
    const db = await PgliteDatabase.open();
    await expect(db.transaction(() => db.query('SELECT 1'))).rejects.toMatchObject({ code: 'DB_QUERY_OUTSIDE_TRANSACTION' });
    // A callback scheduled inside the transaction but run after it may use the Database again.
    let late: Promise<unknown> = Promise.resolve();
    await db.transaction(async () => {
      late = new Promise((resolve) => setTimeout(resolve, 20)).then(() => db.query('SELECT 1 AS one'));
    });
    await expect(late).resolves.toMatchObject({ rows: [{ one: 1 }] });
    await db.close();
  });
});

describe('loadMigrations', () => {
  it('reads NNN_name.sql files in numeric order and ignores other files', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, '010_c.sql'), 'SELECT 3;');
    await writeFile(join(dir, '002_b.sql'), 'SELECT 2;');
    await writeFile(join(dir, '001_a.sql'), 'SELECT 1;');
    await writeFile(join(dir, 'README.md'), 'not a migration');
    expect(await loadMigrations(dir)).toEqual([
      { id: '001_a', sql: 'SELECT 1;' },
      { id: '002_b', sql: 'SELECT 2;' },
      { id: '010_c', sql: 'SELECT 3;' },
    ]);
  });

  it('refuses badly named or duplicate-numbered files', async () => {
    const bad = await tempDir();
    await writeFile(join(bad, 'create.sql'), 'SELECT 1;');
    await expect(loadMigrations(bad)).rejects.toMatchObject({ code: 'DB_MIGRATION_INVALID' });
    const dup = await tempDir();
    await writeFile(join(dup, '001_a.sql'), 'SELECT 1;');
    await writeFile(join(dup, '001_b.sql'), 'SELECT 1;');
    await expect(loadMigrations(dup)).rejects.toMatchObject({ code: 'DB_MIGRATION_INVALID' });
  });
});
