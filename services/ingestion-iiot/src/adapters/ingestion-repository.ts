import type { Asset, Sample, SensorDataPayload } from '@vigie/contracts';
import type { AssetSpec } from '@vigie/plant-simulator';
import { SourceConfigSchema, type SourceConfig } from '../sources';
import { createTimeSeriesTable, insertRows, type Database, type TimeSeriesTableSpec } from '@vigie/service-kit';
import type { ArchivedHour, ArchiveRow } from '../archive';

/** `assets`, `sensors` and the `sensor_data` time series (idempotent on sensor and timestamp). */
export class IngestionRepository {
  constructor(private readonly db: Database) {}

  async ensureTables(retention: string): Promise<TimeSeriesTableSpec> {
    const spec: TimeSeriesTableSpec = {
      table: 'sensor_data',
      columnsSql: 'sensor_id text NOT NULL, ts timestamptz NOT NULL, asset_id text NOT NULL, value double precision, quality text NOT NULL',
      timeColumn: 'ts',
      primaryKey: ['sensor_id', 'ts'],
      // Raw readings are archived hourly to Parquet: the database keeps a compressed recent window.
      compression: { segmentBy: ['sensor_id'], orderBy: 'ts DESC', after: '7 days' },
      retention: { dropAfter: retention },
    };
    await createTimeSeriesTable(this.db, spec);
    return spec;
  }

  /** Readings of [from, to) with their sensor's unit, for the archive. */
  async readingsBetween(from: number, to: number): Promise<ArchiveRow[]> {
    const { rows } = await this.db.query<{ asset_id: string; sensor_id: string; ts: Date; value: number | null; quality: string; unit: string | null }>(
      `SELECT d.asset_id, d.sensor_id, d.ts, d.value, d.quality, s.unit
         FROM sensor_data d LEFT JOIN sensors s ON s.id = d.sensor_id
        WHERE d.ts >= $1 AND d.ts < $2 ORDER BY d.sensor_id, d.ts`,
      [new Date(from), new Date(to)],
    );
    return rows.map((r) => ({ assetId: r.asset_id, sensorId: r.sensor_id, ts: new Date(r.ts).getTime(), value: r.value, quality: r.quality, unit: r.unit ?? '' }));
  }

  async archiveWatermark(): Promise<{ archivedUntil: number | null; earliest: number | null; latest: number | null }> {
    const { rows } = await this.db.query<{ archived: Date | null; earliest: Date | null; latest: Date | null }>(
      'SELECT (SELECT max(hour_end) FROM archive_log) AS archived, (SELECT min(ts) FROM sensor_data) AS earliest, (SELECT max(ts) FROM sensor_data) AS latest',
    );
    const t = (d: Date | null | undefined) => (d ? new Date(d).getTime() : null);
    return { archivedUntil: t(rows[0]?.archived), earliest: t(rows[0]?.earliest), latest: t(rows[0]?.latest) };
  }

  async recordArchivedHour(h: ArchivedHour): Promise<void> {
    await this.db.query(
      `INSERT INTO archive_log (hour_start, hour_end, bucket, rows, objects, bytes, keys) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (hour_start) DO UPDATE SET rows = EXCLUDED.rows, objects = EXCLUDED.objects, bytes = EXCLUDED.bytes, keys = EXCLUDED.keys, archived_at = now()`,
      [new Date(h.hourStart), new Date(h.hourEnd), h.bucket, h.rows, h.objects.length, h.objects.reduce((n, o) => n + o.bytes, 0), JSON.stringify(h.objects.map((o) => o.key))],
    );
  }

  async archivedHours(limit: number): Promise<{ hourStart: string; rows: number; objects: number; bytes: number; keys: string[] }[]> {
    const { rows } = await this.db.query<{ hour_start: Date; rows: number; objects: number; bytes: string; keys: string[] }>(
      'SELECT hour_start, rows, objects, bytes, keys FROM archive_log ORDER BY hour_start DESC LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({ hourStart: new Date(r.hour_start).toISOString(), rows: Number(r.rows), objects: Number(r.objects), bytes: Number(r.bytes), keys: r.keys }));
  }

  async upsertCatalog(sourceId: string, assets: readonly AssetSpec[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const a of assets) {
        await tx.query(
          `INSERT INTO assets (id, name, type, site, area, line, latitude, longitude, source_id, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
           ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, site = EXCLUDED.site, area = EXCLUDED.area,
             line = EXCLUDED.line, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, source_id = EXCLUDED.source_id, updated_at = now()`,
          [a.id, a.name, a.type, a.site, a.area, a.line, a.location.lat, a.location.lon, sourceId],
        );
        for (const s of a.sensors) {
          await tx.query(
            `INSERT INTO sensors (id, asset_id, kind, unit, range_min, range_max, sampling_hz, source_id, source_ref, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
             ON CONFLICT (id) DO UPDATE SET asset_id = EXCLUDED.asset_id, kind = EXCLUDED.kind, unit = EXCLUDED.unit, range_min = EXCLUDED.range_min,
               range_max = EXCLUDED.range_max, sampling_hz = EXCLUDED.sampling_hz, source_id = EXCLUDED.source_id, source_ref = EXCLUDED.source_ref, updated_at = now()`,
            [s.id, a.id, s.kind, s.unit, s.min, s.max, s.samplingHz, sourceId, `ns=1;s=${s.id}`],
          );
        }
      }
    });
  }

  async storeBatches(batches: readonly SensorDataPayload[]): Promise<number> {
    const rows: unknown[][] = [];
    for (const b of batches) for (const s of b.samples) rows.push([b.sensorId, new Date(s.ts), b.assetId, s.value, s.quality]);
    return insertRows(this.db, 'sensor_data', ['sensor_id', 'ts', 'asset_id', 'value', 'quality'], rows, { onConflict: 'nothing' });
  }

  async savedSources(): Promise<SourceConfig[]> {
    const { rows } = await this.db.query<{ config: unknown }>('SELECT config FROM ingestion_sources ORDER BY created_at');
    return rows.map((r) => SourceConfigSchema.parse(r.config));
  }

  /** Stores a source added over REST; its secrets must be sealed already (sources/secrets.ts). */
  async saveSource(config: SourceConfig): Promise<void> {
    await this.db.query('INSERT INTO ingestion_sources (id, config) VALUES ($1, $2)', [config.id, JSON.stringify(config)]);
  }

  /** Rewrites a stored source (its secrets sealed or resealed with the current key). */
  async updateSource(config: SourceConfig): Promise<void> {
    await this.db.query('UPDATE ingestion_sources SET config = $2 WHERE id = $1', [config.id, JSON.stringify(config)]);
  }

  async deleteSource(id: string): Promise<void> {
    await this.db.query('DELETE FROM ingestion_sources WHERE id = $1', [id]);
  }

  /** The newest stored reading time, so a restarted simulator can continue the plant clock past it. */
  async latestReadingTs(): Promise<number | null> {
    const { rows } = await this.db.query<{ last: Date | null }>('SELECT max(ts) AS last FROM sensor_data');
    return rows[0]?.last ? new Date(rows[0].last).getTime() : null;
  }

  /** The asset's sensors (id, kind, unit), or undefined when the asset is not in the registry. */
  async sensorsOf(assetId: string): Promise<{ id: string; kind: string; unit: string }[] | undefined> {
    const { rows: known } = await this.db.query('SELECT 1 FROM assets WHERE id = $1', [assetId]);
    if (known.length === 0) return undefined;
    const { rows } = await this.db.query<{ id: string; kind: string; unit: string }>('SELECT id, kind, unit FROM sensors WHERE asset_id = $1 ORDER BY id', [
      assetId,
    ]);
    return rows.map((r) => ({ id: String(r.id), kind: String(r.kind), unit: String(r.unit) }));
  }

  /** The newest `limit` readings of a sensor within [since, until] (either open), oldest first; walks the (sensor_id, ts) key. */
  async latestReadings(sensorId: string, since: number | null, until: number | null, limit: number): Promise<Sample[]> {
    const { rows } = await this.db.query<{ ts: Date; value: number | null; quality: Sample['quality'] }>(
      `SELECT ts, value, quality FROM sensor_data
        WHERE sensor_id = $1 AND ($2::timestamptz IS NULL OR ts >= $2::timestamptz) AND ($3::timestamptz IS NULL OR ts <= $3::timestamptz)
        ORDER BY ts DESC LIMIT $4`,
      [sensorId, since === null ? null : new Date(since), until === null ? null : new Date(until), limit],
    );
    return rows.reverse().map((r) => ({ ts: new Date(r.ts).getTime(), value: r.value === null ? null : Number(r.value), quality: r.quality }));
  }

  async assets(): Promise<Asset[]> {
    const { rows: assets } = await this.db.query<Record<string, unknown>>('SELECT * FROM assets ORDER BY site, area, line, id');
    const { rows: sensors } = await this.db.query<Record<string, unknown>>('SELECT * FROM sensors ORDER BY id');
    return assets.map((a) => ({
      id: String(a.id),
      name: String(a.name),
      type: String(a.type),
      site: String(a.site),
      area: String(a.area),
      line: String(a.line),
      latitude: a.latitude === null ? null : Number(a.latitude),
      longitude: a.longitude === null ? null : Number(a.longitude),
      sensors: sensors
        .filter((s) => s.asset_id === a.id)
        .map((s) => ({
          id: String(s.id),
          kind: String(s.kind),
          unit: String(s.unit),
          min: s.range_min === null ? null : Number(s.range_min),
          max: s.range_max === null ? null : Number(s.range_max),
          samplingHz: s.sampling_hz === null ? null : Number(s.sampling_hz),
        })),
    }));
  }
}
