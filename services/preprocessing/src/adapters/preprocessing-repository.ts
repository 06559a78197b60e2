import { createTimeSeriesTable, insertRows, type Database } from '@vigie/service-kit';
import type { PreprocessedDataPayload } from '@vigie/contracts';
import type { CleanCounts } from '../domain/clean';

export interface PreprocessingStats {
  since: string;
  received: number;
  emitted: number;
  duplicates: number;
  outOfOrder: number;
  outOfRange: number;
  badQuality: number;
  deadLettered: number;
  sensors: number;
}

/** Storage of the preprocessing service: `preprocessed_data` (time series) and `preprocessing_metadata`. */
export class PreprocessingRepository {
  constructor(private readonly db: Database) {}

  async ensureTables(): Promise<void> {
    await createTimeSeriesTable(this.db, {
      table: 'preprocessed_data',
      columnsSql: 'sensor_id text NOT NULL, ts timestamptz NOT NULL, asset_id text NOT NULL, value double precision NOT NULL, quality text NOT NULL, flags text[] NOT NULL',
      timeColumn: 'ts',
      primaryKey: ['sensor_id', 'ts'],
    });
  }

  /** High-water mark per sensor: what a restarted instance must not emit again. */
  async lastTimestamps(): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ sensor_id: string; last: Date }>(
      'SELECT sensor_id, max(ts) AS last FROM preprocessed_data GROUP BY sensor_id',
    );
    return new Map(rows.map((r) => [r.sensor_id, new Date(r.last).getTime()]));
  }

  async isProcessed(eventId: string): Promise<boolean> {
    const { rowCount } = await this.db.query('SELECT 1 FROM preprocessing_metadata WHERE event_id = $1', [eventId]);
    return rowCount > 0;
  }

  async store(eventId: string, output: PreprocessedDataPayload | null, sensor: { assetId: string; sensorId: string }, counts: CleanCounts, span: { first: number; last: number }): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (output) {
        await insertRows(
          tx,
          'preprocessed_data',
          ['sensor_id', 'ts', 'asset_id', 'value', 'quality', 'flags'],
          output.samples.map((s) => [output.sensorId, new Date(s.ts), output.assetId, s.value, s.quality, s.flags]),
          { onConflict: 'nothing' },
        );
      }
      await tx.query(
        `INSERT INTO preprocessing_metadata (event_id, asset_id, sensor_id, operation, received, emitted, duplicates, out_of_order, out_of_range, bad_quality, first_ts, last_ts)
         VALUES ($1, $2, $3, 'stream', $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (event_id) DO NOTHING`,
        [eventId, sensor.assetId, sensor.sensorId, counts.received, counts.emitted, counts.duplicates, counts.outOfOrder, counts.outOfRange, counts.badQuality, new Date(span.first), new Date(span.last)],
      );
    });
  }

  /** Records a dead-lettered message (keyed by its position, so a redelivery is counted once). */
  async recordDeadLetter(position: string, reason: string): Promise<void> {
    await this.db.query(
      `INSERT INTO preprocessing_metadata (event_id, asset_id, sensor_id, operation, received, emitted, duplicates, out_of_order, out_of_range, bad_quality, detail)
       VALUES ($1, '', '', 'dead_letter', 0, 0, 0, 0, 0, 0, $2) ON CONFLICT (event_id) DO NOTHING`,
      [position, reason],
    );
  }

  async stats(): Promise<PreprocessingStats> {
    const { rows } = await this.db.query<Record<string, string | null>>(
      `SELECT coalesce(sum(received),0) AS received, coalesce(sum(emitted),0) AS emitted, coalesce(sum(duplicates),0) AS duplicates,
              coalesce(sum(out_of_order),0) AS out_of_order, coalesce(sum(out_of_range),0) AS out_of_range,
              coalesce(sum(bad_quality),0) AS bad_quality, count(DISTINCT nullif(sensor_id, '')) AS sensors,
              count(*) FILTER (WHERE operation = 'dead_letter') AS dead_lettered, min(processed_at) AS since
         FROM preprocessing_metadata`,
    );
    const r = rows[0]!;
    return {
      since: r.since ? new Date(r.since).toISOString() : new Date().toISOString(),
      received: Number(r.received),
      emitted: Number(r.emitted),
      duplicates: Number(r.duplicates),
      outOfOrder: Number(r.out_of_order),
      outOfRange: Number(r.out_of_range),
      badQuality: Number(r.bad_quality),
      deadLettered: Number(r.dead_lettered),
      sensors: Number(r.sensors),
    };
  }
}
