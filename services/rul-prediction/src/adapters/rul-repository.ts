import type { RulPredictionPayload } from '@vigie/contracts';
import type { Database } from '@vigie/service-kit';

export interface SensorHistory {
  assetId: string;
  unit: string;
  first: number[];
  recent: { ts: number; value: number }[];
}

export interface ModelRow {
  name: string;
  version: string;
  kind: string;
  status: string;
  createdAt: string;
  params: Record<string, unknown>;
  metrics: Record<string, number>;
}

/** `rul_training_data` (degradation signal per window), `rul_models` (trend and trained), `rul_predictions` (idempotent on id). */
export class RulRepository {
  constructor(private readonly db: Database) {}

  async addPoint(p: { assetId: string; sensorId: string; unit: string; ts: number; value: number }): Promise<void> {
    await this.db.query(
      'INSERT INTO rul_training_data (asset_id, sensor_id, window_end, unit, value) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [p.assetId, p.sensorId, new Date(p.ts), p.unit, p.value],
    );
  }

  /** The first `n` points (the healthy baseline) and the last `m` points (the trend) of every sensor. */
  async sensorHistories(n: number, m: number): Promise<Map<string, SensorHistory>> {
    const { rows } = await this.db.query<{
      asset_id: string;
      sensor_id: string;
      unit: string;
      window_end: Date;
      value: number;
      rn_first: number;
      rn_last: number;
    }>(
      `SELECT * FROM (
         SELECT asset_id, sensor_id, unit, window_end, value,
                row_number() OVER (PARTITION BY sensor_id ORDER BY window_end) AS rn_first,
                row_number() OVER (PARTITION BY sensor_id ORDER BY window_end DESC) AS rn_last
           FROM rul_training_data) t
        WHERE rn_first <= $1 OR rn_last <= $2
        ORDER BY sensor_id, window_end`,
      [n, m],
    );
    const out = new Map<string, SensorHistory>();
    for (const r of rows) {
      let h = out.get(r.sensor_id);
      if (!h) out.set(r.sensor_id, (h = { assetId: r.asset_id, unit: r.unit, first: [], recent: [] }));
      if (Number(r.rn_first) <= n) h.first.push(r.value);
      if (Number(r.rn_last) <= m) h.recent.push({ ts: new Date(r.window_end).getTime(), value: r.value });
    }
    return out;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM rul_predictions WHERE id = $1', [id])).rowCount > 0;
  }

  async insertPrediction(p: RulPredictionPayload): Promise<void> {
    await this.db.query(
      `INSERT INTO rul_predictions (id, asset_id, as_of, predicted_at, rul, lower_bound, upper_bound, upper_unbounded, level, health_index,
         model_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
      [
        p.predictionId,
        p.assetId,
        new Date(p.asOf),
        new Date(p.predictedAt),
        p.rul,
        p.lower,
        p.upper,
        p.upperUnbounded === true,
        p.level,
        p.healthIndex,
        p.modelVersion,
      ],
    );
  }

  async predictions(assetId: string, limit: number): Promise<RulPredictionPayload[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      'SELECT * FROM rul_predictions WHERE asset_id = $1 ORDER BY as_of DESC LIMIT $2',
      [assetId, limit],
    );
    return rows.map((r) => ({
      predictionId: String(r.id),
      assetId: String(r.asset_id),
      asOf: new Date(r.as_of as Date).getTime(),
      predictedAt: new Date(r.predicted_at as Date).getTime(),
      rul: Number(r.rul),
      lower: Number(r.lower_bound),
      upper: Number(r.upper_bound),
      upperUnbounded: r.upper_unbounded === true,
      level: Number(r.level),
      unit: 'h' as const,
      healthIndex: Number(r.health_index),
      modelVersion: String(r.model_version),
    }));
  }

  async registerModel(m: Omit<ModelRow, 'createdAt'>): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE rul_models SET status = 'retired' WHERE name = $1 AND status = 'loaded'`, [m.name]);
      await tx.query(
        `INSERT INTO rul_models (name, version, kind, status, params, metrics) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (name, version) DO UPDATE SET status = EXCLUDED.status, params = EXCLUDED.params, metrics = EXCLUDED.metrics`,
        [m.name, m.version, m.kind, m.status, m.params, m.metrics],
      );
    });
  }

  /**
   * A trained version of a registry model (`rul-<source>`): `champion` when promoted (the previous champion row
   * becomes `superseded`), else `candidate`.
   */
  async recordTrained(m: Omit<ModelRow, 'createdAt' | 'status'>, promoted: boolean): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (promoted) await tx.query(`UPDATE rul_models SET status = 'superseded' WHERE name = $1 AND status = 'champion'`, [m.name]);
      await tx.query(
        `INSERT INTO rul_models (name, version, kind, status, params, metrics) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (name, version) DO UPDATE SET status = EXCLUDED.status, params = EXCLUDED.params, metrics = EXCLUDED.metrics`,
        [m.name, m.version, m.kind, promoted ? 'champion' : 'candidate', m.params, m.metrics],
      );
    });
  }

  async models(): Promise<ModelRow[]> {
    const { rows } = await this.db.query<Record<string, unknown>>('SELECT * FROM rul_models ORDER BY created_at DESC');
    return rows.map((r) => ({
      name: String(r.name),
      version: String(r.version),
      kind: String(r.kind),
      status: String(r.status),
      createdAt: new Date(r.created_at as Date).toISOString(),
      params: r.params as Record<string, unknown>,
      metrics: r.metrics as Record<string, number>,
    }));
  }
}
