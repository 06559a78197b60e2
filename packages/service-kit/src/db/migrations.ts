import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DbError, type Database, type Migration, type Transaction } from './database';

/**
 * One lock for every service's migrations. Services usually touch only their own tables, but they share
 * schema_migrations (whose CREATE TABLE IF NOT EXISTS races when run concurrently) and may share
 * extensions or types; migrations are short and rare, so serialising them all costs nothing worth saving.
 * A transaction-scoped lock is released by COMMIT/ROLLBACK, so a crashed migrator never leaves it held.
 */
const LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('vigie.schema_migrations'))";

const BOOTSTRAP_SQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  service    text        NOT NULL,
  id         text        NOT NULL,
  checksum   text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service, id)
)`;

const FILE_PATTERN = /^(\d+)_[A-Za-z0-9_.-]+\.sql$/;

/** Line endings are normalised so a Windows checkout (CRLF) does not look like an edited migration. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Orders '9_x' before '10_x' (numeric prefix first), then by the whole id. */
export function compareMigrationIds(a: string, b: string): number {
  const na = Number(/^\d+/.exec(a)?.[0] ?? Number.NaN);
  const nb = Number(/^\d+/.exec(b)?.[0] ?? Number.NaN);
  if (!Number.isNaN(na) && !Number.isNaN(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Applies the service's pending migrations in id order, each in its own transaction together with its
 * schema_migrations row, so a failure leaves no half-applied migration. Returns the ids it applied.
 * Fails with DB_MIGRATION_CHECKSUM_MISMATCH, before applying anything, when an applied migration's SQL
 * changed: add a new migration instead of editing one. Migrations cannot use statements that refuse to run
 * in a transaction (CREATE INDEX CONCURRENTLY). A pending id older than an applied one is still applied.
 */
export async function runMigrations(db: Database, service: string, migrations: readonly Migration[]): Promise<string[]> {
  const sorted = validate(service, migrations);
  const applied = await db.transaction(async (tx) => {
    await tx.query(LOCK_SQL);
    await tx.exec(BOOTSTRAP_SQL);
    return readApplied(tx, service);
  });
  for (const m of sorted) {
    const known = applied.get(m.id);
    if (known !== undefined) assertChecksum(service, m, known);
  }
  const done: string[] = [];
  for (const m of sorted.filter((x) => !applied.has(x.id))) {
    const ran = await db.transaction(async (tx) => {
      await tx.query(LOCK_SQL);
      // Another process may have applied it between our read and this lock.
      const now = await readApplied(tx, service, m.id);
      const known = now.get(m.id);
      if (known !== undefined) {
        assertChecksum(service, m, known);
        return false;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (service, id, checksum) VALUES ($1, $2, $3)', [
        service,
        m.id,
        migrationChecksum(m.sql),
      ]);
      return true;
    });
    if (ran) done.push(m.id);
  }
  return done;
}

/** Reads `NNN_name.sql` files of `dir` in id order; the id is the file name without `.sql`. */
export async function loadMigrations(dir: string): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql'));
  const bad = names.filter((n) => !FILE_PATTERN.test(n));
  if (bad.length > 0) {
    throw new DbError('DB_MIGRATION_INVALID', `migration files must be named NNN_name.sql: ${bad.join(', ')}`, { dir });
  }
  const numbers = new Map<number, string>();
  for (const n of names) {
    const num = Number(FILE_PATTERN.exec(n)?.[1]);
    const other = numbers.get(num);
    if (other !== undefined) throw new DbError('DB_MIGRATION_INVALID', `${other} and ${n} share a number`, { dir });
    numbers.set(num, n);
  }
  const loaded = await Promise.all(
    names.map(async (n) => ({ id: n.slice(0, -'.sql'.length), sql: await readFile(join(dir, n), 'utf8') })),
  );
  return loaded.sort((a, b) => compareMigrationIds(a.id, b.id));
}

function validate(service: string, migrations: readonly Migration[]): Migration[] {
  if (service.trim() === '') throw new DbError('DB_MIGRATION_INVALID', 'service name is empty');
  const ids = new Set<string>();
  for (const m of migrations) {
    if (m.id.trim() === '' || ids.has(m.id)) {
      throw new DbError('DB_MIGRATION_INVALID', `empty or duplicate migration id '${m.id}'`, { service });
    }
    ids.add(m.id);
  }
  return [...migrations].sort((a, b) => compareMigrationIds(a.id, b.id));
}

async function readApplied(tx: Transaction, service: string, id?: string): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ id: string; checksum: string }>(
    'SELECT id, checksum FROM schema_migrations WHERE service = $1 AND ($2::text IS NULL OR id = $2)',
    [service, id ?? null],
  );
  return new Map(rows.map((r) => [r.id, r.checksum]));
}

function assertChecksum(service: string, m: Migration, applied: string): void {
  const current = migrationChecksum(m.sql);
  if (current !== applied) {
    throw new DbError('DB_MIGRATION_CHECKSUM_MISMATCH', `migration ${service}/${m.id} changed after it was applied`, {
      service,
      id: m.id,
      applied,
      current,
    });
  }
}
