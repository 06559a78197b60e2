import type { AnomalyDetectedPayload, RulPredictionPayload, WorkOrder } from '@vigie/contracts';
import type { Queryable } from '@vigie/service-kit';
import type { AssetDataSeen } from '../domain/data-freshness';

/** What the read model holds about one asset (the last anomaly and prediction, newest by their own time). */
export interface AssetState {
  readonly assetId: string;
  readonly lastAnomaly: AnomalyDetectedPayload | null;
  /** Epoch ms of the newest critical anomaly. */
  readonly lastCriticalAt: number | null;
  readonly lastRul: RulPredictionPayload | null;
  /** Epoch ms (plant clock) of the end of the newest feature window, null before the first. */
  readonly lastDataAt: number | null;
  /** Epoch ms (wall clock) at which the newest feature window was received, null before the first. */
  readonly lastSeenAt: number | null;
}

interface StateRow {
  asset_id: string;
  last_anomaly: AnomalyDetectedPayload | null;
  last_critical_at: Date | null;
  last_rul: RulPredictionPayload | null;
  last_data_at: Date | null;
  last_seen_at: Date | null;
}

const STATE_COLUMNS = 'asset_id, last_anomaly, last_critical_at, last_rul, last_data_at, last_seen_at';

const OPEN_STATUSES = ['requested', 'approved', 'planned', 'assigned', 'in_progress'];

const toState = (r: StateRow): AssetState => ({
  assetId: r.asset_id,
  lastAnomaly: r.last_anomaly,
  lastCriticalAt: r.last_critical_at ? r.last_critical_at.getTime() : null,
  lastRul: r.last_rul,
  lastDataAt: r.last_data_at ? r.last_data_at.getTime() : null,
  lastSeenAt: r.last_seen_at ? r.last_seen_at.getTime() : null,
});

/**
 * `asset_state` and `work_order_view`: upserts keep the newest value by the event's own time, so a redelivered or
 * late event never overwrites a newer one (consumers are idempotent, seed §5.1 / architecture "Events").
 */
export class ReadModelRepository {
  constructor(private readonly db: Queryable) {}

  async saveAnomaly(a: AnomalyDetectedPayload): Promise<void> {
    const criticalAt = a.criticality === 'critical' ? new Date(a.detectedAt) : null;
    await this.db.query(
      `INSERT INTO asset_state (asset_id, last_anomaly, last_critical_at, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (asset_id) DO UPDATE SET
         last_anomaly = CASE WHEN asset_state.last_anomaly IS NULL
             OR (asset_state.last_anomaly->>'detectedAt')::numeric <= (EXCLUDED.last_anomaly->>'detectedAt')::numeric
           THEN EXCLUDED.last_anomaly ELSE asset_state.last_anomaly END,
         last_critical_at = GREATEST(asset_state.last_critical_at, EXCLUDED.last_critical_at),
         updated_at = now()`,
      [a.assetId, a, criticalAt],
    );
  }

  async saveRul(p: RulPredictionPayload): Promise<void> {
    await this.db.query(
      `INSERT INTO asset_state (asset_id, last_rul, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (asset_id) DO UPDATE SET
         last_rul = CASE WHEN asset_state.last_rul IS NULL
             OR (asset_state.last_rul->>'predictedAt')::numeric <= (EXCLUDED.last_rul->>'predictedAt')::numeric
           THEN EXCLUDED.last_rul ELSE asset_state.last_rul END,
         updated_at = now()`,
      [p.assetId, p],
    );
  }

  /**
   * Records the newest feature window of several assets in one statement (one row per asset: the caller folds the
   * batch first, as Postgres refuses to upsert a row twice in one statement). Times only move forward, so a
   * redelivered batch changes nothing. Returns, per asset, when data had been received before this call (null if
   * never), which tells the caller whether the asset just started, or resumed, reporting.
   */
  async saveDataSeen(seen: readonly AssetDataSeen[]): Promise<Map<string, number | null>> {
    if (seen.length === 0) return new Map();
    const iso = (ms: number) => new Date(ms).toISOString();
    // Every sub-statement of a WITH sees the same snapshot, so `before` reads the rows as they were prior to the upsert.
    const { rows } = await this.db.query<{ asset_id: string; previous_seen_at: Date | null }>(
      `WITH incoming AS (
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS i(asset_id, data_at, seen_at)
       ), before AS (
         SELECT asset_id, last_seen_at FROM asset_state WHERE asset_id IN (SELECT asset_id FROM incoming)
       ), upserted AS (
         INSERT INTO asset_state (asset_id, last_data_at, last_seen_at, updated_at)
         SELECT asset_id, data_at, seen_at, now() FROM incoming
         ON CONFLICT (asset_id) DO UPDATE SET
           last_data_at = GREATEST(asset_state.last_data_at, EXCLUDED.last_data_at),
           last_seen_at = GREATEST(asset_state.last_seen_at, EXCLUDED.last_seen_at),
           updated_at = now()
         RETURNING asset_id
       )
       SELECT u.asset_id, b.last_seen_at AS previous_seen_at FROM upserted u LEFT JOIN before b USING (asset_id)`,
      [seen.map((s) => s.assetId), seen.map((s) => iso(s.lastDataAt)), seen.map((s) => iso(s.lastSeenAt))],
    );
    return new Map(rows.map((r) => [r.asset_id, r.previous_seen_at ? r.previous_seen_at.getTime() : null]));
  }

  /** Returns false when a newer version of the order is already stored (the event was late or redelivered). */
  async saveWorkOrder(wo: WorkOrder): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `INSERT INTO work_order_view (id, asset_id, status, data, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET asset_id = EXCLUDED.asset_id, status = EXCLUDED.status,
         data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
       WHERE work_order_view.updated_at <= EXCLUDED.updated_at`,
      [wo.id, wo.assetId, wo.status, wo, new Date(wo.updatedAt)],
    );
    return rowCount > 0;
  }

  async getAsset(assetId: string): Promise<AssetState | null> {
    const { rows } = await this.db.query<StateRow>(
      `SELECT ${STATE_COLUMNS} FROM asset_state WHERE asset_id = $1`,
      [assetId],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  async listAssets(): Promise<AssetState[]> {
    const { rows } = await this.db.query<StateRow>(
      `SELECT ${STATE_COLUMNS} FROM asset_state ORDER BY asset_id`,
    );
    return rows.map(toState);
  }

  /** Open work orders (not done, not cancelled), of one asset or all, oldest first. */
  async openWorkOrders(assetId?: string): Promise<WorkOrder[]> {
    const { rows } = await this.db.query<{ data: WorkOrder }>(
      `SELECT data FROM work_order_view WHERE status = ANY($1::text[]) AND ($2::text IS NULL OR asset_id = $2)
       ORDER BY data->>'createdAt', id`,
      [OPEN_STATUSES, assetId ?? null],
    );
    return rows.map((r) => r.data);
  }
}
