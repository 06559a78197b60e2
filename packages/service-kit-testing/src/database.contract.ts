import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTimeSeriesTable, ensurePartitions, insertRows, runMigrations, type Database, type Migration } from '@vigie/service-kit';

/**
 * The behaviour every Database adapter must show. Names carry a random suffix, so runs against a
 * long-lived PostgreSQL server never collide; the tables and migration records are dropped afterwards.
 * `factory` must return an independent, open Database on each call.
 */
export function describeDatabaseContract(name: string, factory: () => Promise<Database>): void {
  describe(`Database contract: ${name}`, () => {
    const p = `c${randomBytes(4).toString('hex')}`;
    const service = `contract_${p}`;
    const tables: string[] = [];
    let db: Database;
    const table = (base: string): string => {
      tables.push(`${p}_${base}`);
      return `${p}_${base}`;
    };
    const count = async (sql: string, params: unknown[] = []): Promise<number> =>
      Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]?.n);

    beforeAll(async () => {
      db = await factory();
    });
    afterAll(async () => {
      for (const t of tables.reverse()) await db.exec(`DROP TABLE IF EXISTS "${t}" CASCADE`);
      await db.query('DELETE FROM schema_migrations WHERE service LIKE $1', [`${service}%`]).catch(() => undefined);
      await db.close();
    });

    it('binds and decodes every parameter type', async () => {
      const when = new Date('2024-03-01T12:34:56.789Z');
      const text = `O'Brien "quoted" ✓ \\ ${p}`;
      const { rows } = await db.query(
        `SELECT $1::text AS s, $2::float8 AS f, $3::int4 AS i, $4::bool AS b, $5::text AS n, $6::timestamptz AS d,
                $7::int8 AS big, $8::int8 AS small, $9::int4[] AS ints, $10::text[] AS texts, $11::jsonb AS obj,
                $12::json AS js, $13::numeric AS num, $14::date AS day, $15::timestamp AS ts, $16::jsonb AS arr`,
        [
          text,
          1.5,
          -7,
          true,
          null,
          when,
          2n ** 63n - 1n,
          42n,
          [1, 2, 3],
          ['a', "b'c", 'd"e'],
          { k: [1, 'x', null], n: { ok: true } },
          { a: 1 },
          '12345678901234567890.123',
          '2024-02-29',
          when,
          JSON.stringify([1, 'two']),
        ],
      );
      expect(rows[0]).toEqual({
        s: text,
        f: 1.5,
        i: -7,
        b: true,
        n: null,
        d: when,
        big: 2n ** 63n - 1n,
        small: 42,
        ints: [1, 2, 3],
        texts: ['a', "b'c", 'd"e'],
        obj: { k: [1, 'x', null], n: { ok: true } },
        js: { a: 1 },
        num: '12345678901234567890.123',
        day: '2024-02-29',
        ts: when,
        arr: [1, 'two'],
      });
      const t = table('types');
      await db.exec(`CREATE TABLE "${t}" (s text, d timestamptz, big int8, ints int4[], doc jsonb, flag bool)`);
      await db.query(`INSERT INTO "${t}" VALUES ($1, $2, $3, $4, $5, $6)`, [text, when, 9007199254740993n, [4, 5], { x: 1 }, false]);
      expect((await db.query(`SELECT * FROM "${t}"`)).rows).toEqual([
        { s: text, d: when, big: 9007199254740993n, ints: [4, 5], doc: { x: 1 }, flag: false },
      ]);
    });

    it('commits a transaction and rolls back one that throws', async () => {
      const t = table('tx');
      await db.exec(`CREATE TABLE "${t}" (id int PRIMARY KEY)`);
      expect(await db.transaction(async (tx) => (await tx.query(`INSERT INTO "${t}" VALUES (1), (2)`)).rowCount)).toBe(2);
      const boom = new Error('boom');
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO "${t}" VALUES (3)`);
          throw boom;
        }),
      ).rejects.toBe(boom);
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO "${t}" VALUES (4)`);
          await tx.query(`INSERT INTO "${t}" VALUES (1)`); // unique violation
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect((await db.query(`SELECT id FROM "${t}" ORDER BY id`)).rows).toEqual([{ id: 1 }, { id: 2 }]);
    });

    it('keeps concurrent transactions isolated', async () => {
      const t = table('conc');
      await db.exec(`CREATE TABLE "${t}" (tag int NOT NULL, k int NOT NULL); INSERT INTO "${t}" VALUES (-1, 0);`);
      // Read-modify-write under FOR UPDATE: a lost update would leave the counter below 8.
      await Promise.all(
        Array.from({ length: 8 }, () =>
          db.transaction(async (tx) => {
            const { rows } = await tx.query<{ k: number }>(`SELECT k FROM "${t}" WHERE tag = -1 FOR UPDATE`);
            await sleep(5);
            await tx.query(`UPDATE "${t}" SET k = $1 WHERE tag = -1`, [(rows[0]?.k ?? 0) + 1]);
          }),
        ),
      );
      expect((await db.query(`SELECT k FROM "${t}" WHERE tag = -1`)).rows).toEqual([{ k: 8 }]);
      const runs = Array.from({ length: 6 }, (_, tag) =>
        db.transaction(async (tx) => {
          for (let k = 0; k < 3; k += 1) {
            await tx.query(`INSERT INTO "${t}" VALUES ($1, $2)`, [tag, k]);
            await sleep(2);
          }
          if (tag % 2 === 1) throw new Error(`abort ${tag}`);
        }),
      );
      const outside = sleep(3).then(() => count(`"${t}" WHERE tag >= 0 AND tag % 2 = 1`));
      const settled = await Promise.allSettled(runs);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
      expect(await outside).toBe(0);
      const { rows } = await db.query(`SELECT tag, count(*)::int AS n FROM "${t}" WHERE tag >= 0 GROUP BY tag ORDER BY tag`);
      expect(rows).toEqual([
        { tag: 0, n: 3 },
        { tag: 2, n: 3 },
        { tag: 4, n: 3 },
      ]);
    });

    it('executes several statements at once', async () => {
      const t = table('exec');
      await db.exec(`CREATE TABLE "${t}" (v text); INSERT INTO "${t}" VALUES ('a'); INSERT INTO "${t}" VALUES ('b;c');`);
      expect(await count(`"${t}"`)).toBe(2);
    });

    it('applies migrations once, records them and rejects edited ones', async () => {
      const t = table('mig');
      const m1: Migration = { id: '001_create', sql: `CREATE TABLE "${t}" (v int);\nINSERT INTO "${t}" VALUES (1);` };
      const m2: Migration = { id: '002_more', sql: `INSERT INTO "${t}" VALUES (2);` };
      expect(await runMigrations(db, service, [m2, m1])).toEqual(['001_create', '002_more']);
      expect(await runMigrations(db, service, [m1, m2])).toEqual([]);
      expect(await count(`"${t}"`)).toBe(2);
      const recorded = await db.query(`SELECT id, length(checksum) AS len FROM schema_migrations WHERE service = $1 ORDER BY id`, [
        service,
      ]);
      expect(recorded.rows).toEqual([
        { id: '001_create', len: 64 },
        { id: '002_more', len: 64 },
      ]);
      await expect(runMigrations(db, service, [m1, { ...m2, sql: `INSERT INTO "${t}" VALUES (3);` }])).rejects.toMatchObject({
        code: 'DB_MIGRATION_CHECKSUM_MISMATCH',
        details: { id: '002_more' },
      });
      const broken: Migration = { id: '003_broken', sql: `CREATE TABLE "${t}_x" (v int);\nSELECT no_such_function();` };
      await expect(runMigrations(db, service, [m1, m2, broken])).rejects.toMatchObject({ code: '42883' });
      expect(await count('schema_migrations WHERE service = $1', [service])).toBe(2);
      expect((await db.query('SELECT to_regclass($1) AS r', [`"${t}_x"`])).rows).toEqual([{ r: null }]);
    });

    it('applies each migration exactly once when services migrate concurrently', async () => {
      const log = table('miglog');
      await db.exec(`CREATE TABLE "${log}" (service text, id text)`);
      const services = [`${service}_a`, `${service}_b`];
      const list = (svc: string): Migration[] =>
        ['001_a', '002_b', '003_c'].map((id) => ({
          id,
          sql: `INSERT INTO "${log}" VALUES ('${svc}', '${id}'); SELECT pg_sleep(0.01);`,
        }));
      const runs = await Promise.all(services.flatMap((svc) => [runMigrations(db, svc, list(svc)), runMigrations(db, svc, list(svc))]));
      expect(runs.flat().sort()).toEqual(['001_a', '001_a', '002_b', '002_b', '003_c', '003_c']);
      const { rows } = await db.query(`SELECT service, id, count(*)::int AS n FROM "${log}" GROUP BY 1, 2 HAVING count(*) <> 1`);
      expect(rows).toEqual([]);
      expect(await count(`"${log}"`)).toBe(6);
    });

    it('stores time series idempotently, including far past and future rows', async () => {
      const t = table('readings');
      const spec = {
        table: t,
        timeColumn: 'ts',
        primaryKey: ['asset_id', 'ts'],
        columnsSql: 'asset_id text NOT NULL, ts timestamptz NOT NULL, value double precision NOT NULL, meta jsonb',
      };
      const kind = db.capabilities.timescaledb ? 'hypertable' : 'partitioned';
      expect(await createTimeSeriesTable(db, spec)).toBe(kind);
      expect(await createTimeSeriesTable(db, spec)).toBe(kind);
      await expect(createTimeSeriesTable(db, { ...spec, primaryKey: ['asset_id'] })).rejects.toMatchObject({ code: 'DB_INVALID_ARGUMENT' });
      const day0 = Math.floor(Date.now() / 86_400_000) * 86_400_000;
      const rows: unknown[][] = Array.from({ length: 24_000 }, (_, i) => [
        `a${i % 4}`,
        new Date(day0 + Math.floor(i / 4) * 10_000),
        i / 10,
        { i },
      ]);
      const odd = [new Date('1970-01-01T00:00:00Z'), new Date('2000-01-01T08:00:00Z'), new Date('2100-06-01T00:00:00Z')];
      rows.push(...odd.map((d) => ['a0', d, 0, [1, 2]]));
      expect(await insertRows(db, t, ['asset_id', 'ts', 'value', 'meta'], rows, { onConflict: 'nothing' })).toBe(24_003);
      expect(await insertRows(db, t, ['asset_id', 'ts', 'value', 'meta'], rows, { onConflict: 'nothing' })).toBe(0);
      expect(await count(`"${t}"`)).toBe(24_003);
      const upd = await insertRows(db, t, ['asset_id', 'ts', 'value'], [['a0', odd[1], 99]], {
        onConflict: '(asset_id, ts) DO UPDATE SET value = EXCLUDED.value',
      });
      expect(upd).toBe(1);
      const range = await db.query<{ value: number; meta: unknown }>(
        `SELECT value, meta FROM "${t}" WHERE ts >= $1 AND ts < $2 ORDER BY ts`,
        [odd[1], new Date('2000-01-02T00:00:00Z')],
      );
      expect(range.rows).toEqual([{ value: 99, meta: [1, 2] }]);
      expect(await count(`"${t}" WHERE asset_id = 'a1' AND ts >= $1 AND ts < $2`, [new Date(day0), new Date(day0 + 3_600_000)])).toBe(360);
      if (kind === 'partitioned') {
        expect(await ensurePartitions(db, t, odd[1] as Date, odd[1] as Date)).toEqual([`${t}_p20000101`]);
        expect(await ensurePartitions(db, t, odd[1] as Date, odd[1] as Date)).toEqual([]);
        const where = await db.query(`SELECT tableoid::regclass::text AS part FROM "${t}" WHERE ts = $1`, [odd[1]]);
        expect(where.rows).toEqual([{ part: `${t}_p20000101` }]);
        expect(await insertRows(db, t, ['asset_id', 'ts', 'value'], [['a0', odd[1], 1]], { onConflict: 'nothing' })).toBe(0);
        expect(await count(`"${t}"`)).toBe(24_003);
      }
    });

    it('closes idempotently and refuses queries afterwards', async () => {
      const other = await factory();
      expect((await other.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await other.close();
      await other.close();
      await expect(other.query('SELECT 1')).rejects.toThrow();
    });
  });
}
