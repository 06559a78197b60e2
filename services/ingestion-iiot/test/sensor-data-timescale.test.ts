import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations, type Database } from '@vigie/service-kit';
import { openTimescalePglite } from '@vigie/service-kit-testing';
import { IngestionRepository } from '../src/adapters/ingestion-repository';
import { migrations } from '../src/migrations';

/** The ingestion tables on a PostgreSQL that has TimescaleDB (a PGlite build carrying TimescaleDB 2.23). */
describe('sensor_data on TimescaleDB', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTimescalePglite();
    await runMigrations(db, 'ingestion-iiot', migrations);
  }, 120_000);
  afterAll(async () => db?.close());

  it('is a hypertable with compression and retention policies, and serves the same queries', async () => {
    const repo = new IngestionRepository(db);
    await repo.ensureTables('90 days');
    const hyper = await db.query<{ hypertable_name: string; compression_enabled: boolean }>(
      "SELECT hypertable_name, compression_enabled FROM timescaledb_information.hypertables WHERE hypertable_name = 'sensor_data'",
    );
    expect(hyper.rows).toEqual([{ hypertable_name: 'sensor_data', compression_enabled: true }]);
    const jobs = await db.query<{ proc_name: string }>("SELECT proc_name FROM timescaledb_information.jobs WHERE hypertable_name = 'sensor_data' ORDER BY proc_name");
    expect(jobs.rows.map((r) => r.proc_name)).toEqual(['policy_compression', 'policy_retention']);

    const t0 = Date.UTC(2026, 10, 27, 10);
    const samples = Array.from({ length: 120 }, (_, i) => ({ ts: t0 + i * 60_000, value: i % 7 === 0 ? null : i / 10, quality: (i % 7 === 0 ? 'bad' : 'good') as 'bad' | 'good' }));
    expect(await repo.storeBatches([{ assetId: 'P-1', sensorId: 'P-1.vibration', unit: 'mm/s', samples }])).toBe(120);
    expect(await repo.storeBatches([{ assetId: 'P-1', sensorId: 'P-1.vibration', unit: 'mm/s', samples }])).toBe(0); // idempotent
    const hour = await repo.readingsBetween(t0, t0 + 3_600_000);
    expect(hour).toHaveLength(60);
    expect(hour.filter((r) => r.value === null)).toHaveLength(9);
    expect(await repo.latestReadingTs()).toBe(t0 + 119 * 60_000);
  });
});
