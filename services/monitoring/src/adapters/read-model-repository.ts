import type { AnomalyDetectedPayload, RulPredictionPayload, WorkOrder } from '@vigie/contracts';
import type { Queryable } from '@vigie/service-kit';

/** What the read model holds about one asset (the last anomaly and prediction, newest by their own time). */
export interface AssetState {
  readonly assetId: string;
  readonly lastAnomaly: AnomalyDetectedPayload | null;
  /** Epoch ms of the newest critical anomaly. */
  readonly lastCriticalAt: number | null;
  readonly lastRul: RulPredictionPayload | null;
}

interface StateRow {
  asset_id: string;
  last_anomaly: AnomalyDetectedPayload | null;
  last_critical_at: Date | null;
  last_rul: RulPredictionPayload | null;
}

const OPEN_STATUSES = ['requested', 'approved', 'planned', 'assigned', 'in_progress'];

const toState = (r: StateRow): AssetState => ({
  assetId: r.asset_id,
  lastAnomaly: r.last_anomaly,
  lastCriticalAt: r.last_critical_at ? r.last_critical_at.getTime() : null,
  lastRul: r.last_rul,
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
      'SELECT asset_id, last_anomaly, last_critical_at, last_rul FROM asset_state WHERE asset_id = $1',
      [assetId],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  async listAssets(): Promise<AssetState[]> {
    const { rows } = await this.db.query<StateRow>(
      'SELECT asset_id, last_anomaly, last_critical_at, last_rul FROM asset_state ORDER BY asset_id',
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
