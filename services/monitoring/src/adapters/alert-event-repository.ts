import type { Alert } from '@vigie/contracts';
import type { Queryable } from '@vigie/service-kit';
import { toAlert, type AlertRow } from './alert-repository';

/** One numbered alert change: the alert as it was right after the change. */
export interface AlertChange {
  readonly seq: number;
  readonly alert: Alert;
}

/** The alert's columns as of the change, its id as `alert_id`. */
type AlertEventRow = Omit<AlertRow, 'id'> & { seq: string; alert_id: string };

/** Where /ws/monitoring reads numbered alert changes from (tests may hand the hub another). */
export interface AlertChangeSource {
  /** The seq of the last committed change (0 when there is none). */
  currentSeq(): Promise<number>;
  /** Changes with after < seq ≤ upTo (upTo omitted: no upper bound), in seq order, at most `limit`. */
  since(after: number, limit: number, upTo?: number): Promise<AlertChange[]>;
}

/** The `alert_events` table (migration 003), filled by a trigger on `alerts`. Read-only here. */
export class AlertEventRepository implements AlertChangeSource {
  constructor(private readonly db: Queryable) {}

  async currentSeq(): Promise<number> {
    const { rows } = await this.db.query<{ seq: string | null }>('SELECT max(seq)::text AS seq FROM alert_events');
    return rows[0]?.seq ? Number(rows[0].seq) : 0;
  }

  async since(after: number, limit: number, upTo?: number): Promise<AlertChange[]> {
    const { rows } = await this.db.query<AlertEventRow>(
      `SELECT e.seq::text AS seq, alert_id, kind, severity, asset_id, service, message, raised_at, cleared_at
       FROM alert_events e WHERE e.seq > $1 AND ($2::bigint IS NULL OR e.seq <= $2) ORDER BY e.seq LIMIT $3`,
      [after, upTo ?? null, limit],
    );
    return rows.map(({ seq, alert_id, ...r }) => ({ seq: Number(seq), alert: toAlert({ ...r, id: alert_id }) }));
  }
}
