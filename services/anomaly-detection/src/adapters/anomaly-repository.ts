import type { AnomalyDetectedPayload } from '@vigie/contracts';
import type { Database } from '@vigie/service-kit';
import type { BaselineModel } from '../domain/baseline';

interface EventRow {
  id: string;
  asset_id: string;
  sensor_id: string;
  window_start: Date;
  window_end: Date;
  score: number;
  criticality: AnomalyDetectedPayload['criticality'];
  model_version: string;
  contributors: AnomalyDetectedPayload['contributors'];
  detected_at: Date;
}

/** `anomaly_models` (fitted baselines, versioned) and `anomaly_events` (idempotent on the window's id). */
export class AnomalyRepository {
  constructor(private readonly db: Database) {}

  async activeModels(): Promise<BaselineModel[]> {
    const { rows } = await this.db.query<{ asset_id: string; sensor_id: string; version: string; windows: number; stats: BaselineModel['stats'] }>(
      `SELECT DISTINCT ON (asset_id, sensor_id) asset_id, sensor_id, version, windows, stats
         FROM anomaly_models WHERE status = 'active' ORDER BY asset_id, sensor_id, created_at DESC, version DESC`,
    );
    return rows.map((r) => ({ assetId: r.asset_id, sensorId: r.sensor_id, version: r.version, windows: r.windows, stats: r.stats }));
  }

  async saveModel(model: BaselineModel, source: 'auto' | 'train'): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE anomaly_models SET status = 'retired' WHERE asset_id = $1 AND sensor_id = $2 AND status = 'active'`, [model.assetId, model.sensorId]);
      await tx.query(
        `INSERT INTO anomaly_models (asset_id, sensor_id, version, source, windows, stats) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (asset_id, sensor_id, version) DO UPDATE SET status = 'active'`,
        [model.assetId, model.sensorId, model.version, source, model.windows, model.stats],
      );
    });
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM anomaly_events WHERE id = $1', [id])).rowCount > 0;
  }

  async insertEvent(a: AnomalyDetectedPayload): Promise<void> {
    await this.db.query(
      `INSERT INTO anomaly_events (id, asset_id, sensor_id, window_start, window_end, score, criticality, model_version, contributors, detected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      // An array parameter would be sent as a PostgreSQL array by node-postgres: encode the jsonb value ourselves.
      [a.anomalyId, a.assetId, a.sensorId, new Date(a.windowStart), new Date(a.windowEnd), a.score, a.criticality, a.modelVersion, JSON.stringify(a.contributors), new Date(a.detectedAt)],
    );
  }

  async history(assetId: string, limit: number): Promise<AnomalyDetectedPayload[]> {
    const { rows } = await this.db.query<EventRow>(
      'SELECT * FROM anomaly_events WHERE asset_id = $1 ORDER BY window_start DESC LIMIT $2',
      [assetId, limit],
    );
    return rows.map((r) => ({
      anomalyId: r.id,
      assetId: r.asset_id,
      sensorId: r.sensor_id,
      windowStart: new Date(r.window_start).getTime(),
      windowEnd: new Date(r.window_end).getTime(),
      score: r.score,
      criticality: r.criticality,
      modelVersion: r.model_version,
      detectedAt: new Date(r.detected_at).getTime(),
      contributors: r.contributors,
    }));
  }
}
