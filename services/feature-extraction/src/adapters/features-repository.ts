import { createTimeSeriesTable, insertRows, type Database } from '@vigie/service-kit';
import type { ExtractedFeaturesPayload } from '@vigie/contracts';
import type { WindowCursor, WindowMark } from '../domain/window-assembler';

export interface StoredWindow {
  assetId: string;
  sensorId: string;
  windowStart: string;
  windowEnd: string;
  sampleCount: number;
  features: Record<string, number>;
}

/** Keyset position of a page boundary: the (window_start, sensor_id) of the last row of the page. */
export interface PageKey {
  start: number;
  sensorId: string;
}

export interface WindowsQuery {
  from?: string | undefined;
  to?: string | undefined;
  sensorId?: string | undefined;
  limit: number;
  order: 'latest' | 'earliest';
  after?: PageKey | undefined;
}

type Row = {
  asset_id: string;
  sensor_id: string;
  window_start: Date;
  window_end: Date;
  sample_count: number;
  features: Record<string, number>;
};

const toStored = (r: Row): StoredWindow => ({
  assetId: r.asset_id,
  sensorId: r.sensor_id,
  windowStart: new Date(r.window_start).toISOString(),
  windowEnd: new Date(r.window_end).toISOString(),
  sampleCount: r.sample_count,
  features: r.features,
});

/** `extracted_features`: one row per sensor window, idempotent on (sensor_id, window_start); `window_cursors`. */
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

  /** The newest stored window of every sensor. */
  async lastWindows(): Promise<Map<string, WindowMark>> {
    const { rows } = await this.db.query<{ sensor_id: string; window_start: Date; window_end: Date }>(
      'SELECT DISTINCT ON (sensor_id) sensor_id, window_start, window_end FROM extracted_features ORDER BY sensor_id, window_start DESC',
    );
    return new Map(rows.map((r) => [r.sensor_id, { start: new Date(r.window_start).getTime(), end: new Date(r.window_end).getTime() }]));
  }

  async cursors(): Promise<WindowCursor[]> {
    const { rows } = await this.db.query<{ sensor_id: string; length_ms: string; hop_ms: string; floor_ms: string }>(
      'SELECT sensor_id, length_ms, hop_ms, floor_ms FROM window_cursors',
    );
    return rows.map((r) => ({ sensorId: r.sensor_id, lengthMs: Number(r.length_ms), hopMs: Number(r.hop_ms), floor: Number(r.floor_ms) }));
  }

  async saveCursors(cursors: readonly WindowCursor[]): Promise<void> {
    if (cursors.length === 0) return;
    await insertRows(
      this.db,
      'window_cursors',
      ['sensor_id', 'length_ms', 'hop_ms', 'floor_ms'],
      cursors.map((c) => [c.sensorId, c.lengthMs, c.hopMs, c.floor]),
      {
        onConflict:
          '(sensor_id) DO UPDATE SET length_ms = EXCLUDED.length_ms, hop_ms = EXCLUDED.hop_ms, floor_ms = EXCLUDED.floor_ms, updated_at = now()',
      },
    );
  }

  async store(windows: readonly ExtractedFeaturesPayload[]): Promise<number> {
    if (windows.length === 0) return 0;
    return insertRows(
      this.db,
      'extracted_features',
      ['sensor_id', 'window_start', 'window_end', 'asset_id', 'sample_count', 'first_sample_ts', 'last_sample_ts', 'features'],
      windows.map((w) => [
        w.sensorId,
        new Date(w.windowStart),
        new Date(w.windowEnd),
        w.assetId,
        w.sampleCount,
        new Date(w.firstSampleTs),
        new Date(w.lastSampleTs),
        w.features,
      ]),
      { onConflict: 'nothing' },
    );
  }

  /**
   * One page of an asset's windows in [from, to): the `limit` latest (or earliest) after the `after` key, returned
   * oldest first, plus the key to continue from when more rows match.
   */
  async byAsset(assetId: string, q: WindowsQuery): Promise<{ windows: StoredWindow[]; next?: PageKey }> {
    const latest = q.order === 'latest';
    const direction = latest ? 'DESC' : 'ASC';
    const { rows } = await this.db.query<Row>(
      `SELECT asset_id, sensor_id, window_start, window_end, sample_count, features FROM extracted_features
        WHERE asset_id = $1 AND ($2::timestamptz IS NULL OR window_start >= $2) AND ($3::timestamptz IS NULL OR window_start < $3)
          AND ($4::text IS NULL OR sensor_id = $4)
          AND ($5::timestamptz IS NULL OR (window_start, sensor_id) ${latest ? '<' : '>'} ($5::timestamptz, $6::text))
        ORDER BY window_start ${direction}, sensor_id ${direction} LIMIT $7`,
      [
        assetId,
        q.from ?? null,
        q.to ?? null,
        q.sensorId ?? null,
        q.after ? new Date(q.after.start) : null,
        q.after?.sensorId ?? null,
        q.limit + 1,
      ],
    );
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    const next = rows.length > q.limit && last ? { start: new Date(last.window_start).getTime(), sensorId: last.sensor_id } : undefined;
    if (latest) page.reverse();
    return { windows: page.map(toStored), ...(next ? { next } : {}) };
  }

  /** The newest stored window of each sensor of an asset (the cache's fallback). */
  async latestByAsset(assetId: string): Promise<StoredWindow[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT DISTINCT ON (sensor_id) asset_id, sensor_id, window_start, window_end, sample_count, features
         FROM extracted_features WHERE asset_id = $1 ORDER BY sensor_id, window_start DESC`,
      [assetId],
    );
    return rows.map(toStored);
  }
}
