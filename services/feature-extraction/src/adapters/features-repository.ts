import { createTimeSeriesTable, insertRows, type Database } from '@vigie/service-kit';
import type { ExtractedFeaturesPayload } from '@vigie/contracts';

export interface StoredWindow {
  assetId: string;
  sensorId: string;
  windowStart: string;
  windowEnd: string;
  sampleCount: number;
  features: Record<string, number>;
}

/** `extracted_features`: one row per sensor window, idempotent on (sensor_id, window_start). */
export class FeaturesRepository {
  constructor(private readonly db: Database) {}

  async ensureTables(): Promise<void> {
    await createTimeSeriesTable(this.db, {
      table: 'extracted_features',
      columnsSql:
        'sensor_id text NOT NULL, window_start timestamptz NOT NULL, window_end timestamptz NOT NULL, asset_id text NOT NULL, sample_count integer NOT NULL, first_sample_ts timestamptz NOT NULL, last_sample_ts timestamptz NOT NULL, features jsonb NOT NULL',
      timeColumn: 'window_start',
      primaryKey: ['sensor_id', 'window_start'],
    });
    await this.db.exec('CREATE INDEX IF NOT EXISTS extracted_features_asset ON extracted_features (asset_id, window_start)');
  }

  async lastWindowEnds(): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ sensor_id: string; last: Date }>(
      'SELECT sensor_id, max(window_end) AS last FROM extracted_features GROUP BY sensor_id',
    );
    return new Map(rows.map((r) => [r.sensor_id, new Date(r.last).getTime()]));
  }

  async store(windows: readonly ExtractedFeaturesPayload[]): Promise<number> {
    if (windows.length === 0) return 0;
    return insertRows(
      this.db,
      'extracted_features',
      ['sensor_id', 'window_start', 'window_end', 'asset_id', 'sample_count', 'first_sample_ts', 'last_sample_ts', 'features'],
      windows.map((w) => [w.sensorId, new Date(w.windowStart), new Date(w.windowEnd), w.assetId, w.sampleCount, new Date(w.firstSampleTs), new Date(w.lastSampleTs), w.features]),
      { onConflict: 'nothing' },
    );
  }

  async byAsset(assetId: string, q: { from?: string; to?: string; sensorId?: string; limit: number; order?: 'latest' | 'earliest' }): Promise<StoredWindow[]> {
    const direction = q.order === 'earliest' ? 'ASC' : 'DESC';
    const { rows } = await this.db.query<{ asset_id: string; sensor_id: string; window_start: Date; window_end: Date; sample_count: number; features: Record<string, number> }>(
      `SELECT * FROM (
         SELECT asset_id, sensor_id, window_start, window_end, sample_count, features FROM extracted_features
          WHERE asset_id = $1 AND ($2::timestamptz IS NULL OR window_start >= $2) AND ($3::timestamptz IS NULL OR window_start < $3)
            AND ($4::text IS NULL OR sensor_id = $4)
          ORDER BY window_start ${direction} LIMIT $5) latest
       ORDER BY window_start, sensor_id`,
      [assetId, q.from ?? null, q.to ?? null, q.sensorId ?? null, q.limit],
    );
    return rows.map((r) => ({
      assetId: r.asset_id,
      sensorId: r.sensor_id,
      windowStart: new Date(r.window_start).toISOString(),
      windowEnd: new Date(r.window_end).toISOString(),
      sampleCount: r.sample_count,
      features: r.features,
    }));
  }

  /** The newest stored window of each sensor of an asset (the cache's fallback). */
  async latestByAsset(assetId: string): Promise<StoredWindow[]> {
    const { rows } = await this.db.query<{ asset_id: string; sensor_id: string; window_start: Date; window_end: Date; sample_count: number; features: Record<string, number> }>(
      `SELECT DISTINCT ON (sensor_id) asset_id, sensor_id, window_start, window_end, sample_count, features
         FROM extracted_features WHERE asset_id = $1 ORDER BY sensor_id, window_start DESC`,
      [assetId],
    );
    return rows.map((r) => ({
      assetId: r.asset_id,
      sensorId: r.sensor_id,
      windowStart: new Date(r.window_start).toISOString(),
      windowEnd: new Date(r.window_end).toISOString(),
      sampleCount: r.sample_count,
      features: r.features,
    }));
  }
}
