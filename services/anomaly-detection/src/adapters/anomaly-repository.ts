import type { AnomalyDetectedPayload } from '@vigie/contracts';
import type { Database } from '@vigie/service-kit';
import { AssetModel, type AssetModelState } from '../domain/asset-model';
import type { BaselineModel } from '../domain/baseline';
import type { ArtifactModels, ServedAssetModel } from '../domain/baseline-artifact';
import { decodeCursor, encodeCursor } from '../domain/cursor';

/** `sensor_id` of an asset model's row (the model spans the asset's sensors). */
const ASSET_ROW = '*';
const BASELINE_KIND = 'robust-baseline';
const ASSET_KIND = 'asset-ensemble';

export interface HistoryQuery {
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

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

/**
 * `anomaly_models` (fitted models: one `robust-baseline` row per sensor and version, one `asset-ensemble` row per asset
 * and version (sensor_id '*', the model's state in `stats`); `active` / `superseded`, or `candidate` for a registered
 * version that did not become champion) and `anomaly_events` (idempotent on the window's id).
 */
export class AnomalyRepository {
  constructor(private readonly db: Database) {}

  async activeModels(): Promise<BaselineModel[]> {
    const { rows } = await this.db.query<{
      asset_id: string;
      sensor_id: string;
      version: string;
      windows: number;
      stats: BaselineModel['stats'];
    }>(
      `SELECT DISTINCT ON (asset_id, sensor_id) asset_id, sensor_id, version, windows, stats
         FROM anomaly_models WHERE status = 'active' AND kind = '${BASELINE_KIND}' ORDER BY asset_id, sensor_id, created_at DESC, version DESC`,
    );
    return rows.map((r) => ({ assetId: r.asset_id, sensorId: r.sensor_id, version: r.version, windows: r.windows, stats: r.stats }));
  }

  async activeAssetModels(): Promise<ServedAssetModel[]> {
    const { rows } = await this.db.query<{ asset_id: string; version: string; stats: AssetModelState }>(
      `SELECT DISTINCT ON (asset_id) asset_id, version, stats FROM anomaly_models
        WHERE status = 'active' AND kind = '${ASSET_KIND}' ORDER BY asset_id, created_at DESC, version DESC`,
    );
    return rows.map((r) => ({ assetId: r.asset_id, version: r.version, model: AssetModel.fromState(r.stats) }));
  }

  async saveModel(model: BaselineModel, source: 'auto' | 'train'): Promise<void> {
    await this.activate({ baselines: [model], asset: undefined }, source, null, false);
  }

  /**
   * Makes `models` the active ones of their sensors (and of their asset), the previous active rows `superseded`, in one
   * transaction. A trained version without an asset model also retires the asset's active asset model
   * (`replacesAssetModel`), so that the version's baselines, not an older asset model, score the asset.
   */
  async activate(
    models: ArtifactModels,
    source: 'auto' | 'train',
    registryVersion: number | null = null,
    replacesAssetModel = true,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const assetId = models.asset?.assetId ?? models.baselines[0]?.assetId;
      if (assetId !== undefined && (models.asset || replacesAssetModel)) {
        await tx.query(
          `UPDATE anomaly_models SET status = 'superseded' WHERE asset_id = $1 AND sensor_id = $2 AND status = 'active' AND version <> $3`,
          [assetId, ASSET_ROW, models.asset?.version ?? ''],
        );
      }
      if (models.asset) {
        await tx.query(
          `INSERT INTO anomaly_models (asset_id, sensor_id, version, kind, source, windows, stats, registry_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (asset_id, sensor_id, version) DO UPDATE SET status = 'active'`,
          [
            models.asset.assetId,
            ASSET_ROW,
            models.asset.version,
            ASSET_KIND,
            source,
            models.asset.model.vectors,
            models.asset.model.serialize(),
            registryVersion,
          ],
        );
      }
      for (const model of models.baselines) {
        await tx.query(
          `UPDATE anomaly_models SET status = 'superseded' WHERE asset_id = $1 AND sensor_id = $2 AND status = 'active' AND version <> $3`,
          [model.assetId, model.sensorId, model.version],
        );
        await tx.query(
          `INSERT INTO anomaly_models (asset_id, sensor_id, version, source, windows, stats, registry_version) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (asset_id, sensor_id, version) DO UPDATE SET status = 'active'`,
          [model.assetId, model.sensorId, model.version, source, model.windows, model.stats, registryVersion],
        );
      }
    });
  }

  /** Records fitted models of a registered version that did not become champion (kept for the audit trail). */
  async recordCandidates(models: ArtifactModels, registryVersion: number): Promise<void> {
    if (models.asset) {
      await this.db.query(
        `INSERT INTO anomaly_models (asset_id, sensor_id, version, kind, source, windows, stats, registry_version, status)
         VALUES ($1, $2, $3, $4, 'train', $5, $6, $7, 'candidate') ON CONFLICT (asset_id, sensor_id, version) DO NOTHING`,
        [
          models.asset.assetId,
          ASSET_ROW,
          models.asset.version,
          ASSET_KIND,
          models.asset.model.vectors,
          models.asset.model.serialize(),
          registryVersion,
        ],
      );
    }
    for (const model of models.baselines) {
      await this.db.query(
        `INSERT INTO anomaly_models (asset_id, sensor_id, version, source, windows, stats, registry_version, status)
         VALUES ($1, $2, $3, 'train', $4, $5, $6, 'candidate') ON CONFLICT (asset_id, sensor_id, version) DO NOTHING`,
        [model.assetId, model.sensorId, model.version, model.windows, model.stats, registryVersion],
      );
    }
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM anomaly_events WHERE id = $1', [id])).rowCount > 0;
  }

  async insertEvent(a: AnomalyDetectedPayload): Promise<void> {
    await this.db.query(
      `INSERT INTO anomaly_events (id, asset_id, sensor_id, window_start, window_end, score, criticality, model_version, contributors, detected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      // An array parameter would be sent as a PostgreSQL array by node-postgres: encode the jsonb value ourselves.
      [
        a.anomalyId,
        a.assetId,
        a.sensorId,
        new Date(a.windowStart),
        new Date(a.windowEnd),
        a.score,
        a.criticality,
        a.modelVersion,
        JSON.stringify(a.contributors),
        new Date(a.detectedAt),
      ],
    );
  }

  /** One page of an asset's anomalies, newest first by (window_start, id), and the cursor of the next page. */
  async history(assetId: string, q: HistoryQuery): Promise<{ anomalies: AnomalyDetectedPayload[]; nextCursor?: string }> {
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    const { rows } = await this.db.query<EventRow>(
      `SELECT * FROM anomaly_events
        WHERE asset_id = $1
          AND ($2::timestamptz IS NULL OR window_start >= $2::timestamptz)
          AND ($3::timestamptz IS NULL OR window_start <= $3::timestamptz)
          AND ($4::timestamptz IS NULL OR (window_start, id) < ($4::timestamptz, $5::text))
        ORDER BY window_start DESC, id DESC LIMIT $6`,
      [assetId, q.from ?? null, q.to ?? null, after ? new Date(after.t) : null, after?.id ?? null, q.limit + 1],
    );
    const page = rows.slice(0, q.limit).map(toPayload);
    const last = page.at(-1);
    return rows.length > q.limit && last
      ? { anomalies: page, nextCursor: encodeCursor({ t: last.windowStart, id: last.anomalyId }) }
      : { anomalies: page };
  }
}

function toPayload(r: EventRow): AnomalyDetectedPayload {
  return {
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
  };
}
