import { randomUUID } from 'node:crypto';
import type { Alert } from '@vigie/contracts';
import type { Queryable } from '@vigie/service-kit';
import type { AlertIntent, AlertKind } from '../domain/alert-rules';

/** A row of `alerts` (also the shape of an `alert_events` row, whose `alert_id` is the alert's id). */
export interface AlertRow {
  id: string;
  kind: string;
  severity: Alert['severity'];
  asset_id: string | null;
  service: string | null;
  message: string;
  raised_at: Date;
  cleared_at: Date | null;
}

const COLUMNS = 'id, kind, severity, asset_id, service, message, raised_at, cleared_at';

export function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    assetId: r.asset_id,
    service: r.service,
    message: r.message,
    raisedAt: r.raised_at.toISOString(),
    clearedAt: r.cleared_at ? r.cleared_at.toISOString() : null,
  };
}

/** The `alerts` table. A partial unique index keeps one open alert per (kind, asset, service). */
export class AlertRepository {
  constructor(private readonly db: Queryable) {}

  /** Opens the alert unless one of the same kind and subject is open; returns it only when newly raised. */
  async raise(intent: AlertIntent, at: Date): Promise<Alert | null> {
    const { rows } = await this.db.query<AlertRow>(
      `INSERT INTO alerts (id, kind, severity, asset_id, service, message, raised_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (kind, (coalesce(asset_id, '')), (coalesce(service, ''))) WHERE cleared_at IS NULL DO NOTHING
       RETURNING ${COLUMNS}`,
      [randomUUID(), intent.kind, intent.severity, intent.assetId, intent.service, intent.message, at],
    );
    return rows[0] ? toAlert(rows[0]) : null;
  }

  /** Clears the open alert of this kind and subject, if any; returns what it cleared. */
  async clear(kind: AlertKind, subject: { assetId?: string; service?: string }, at: Date): Promise<Alert[]> {
    const { rows } = await this.db.query<AlertRow>(
      `UPDATE alerts SET cleared_at = $4
       WHERE cleared_at IS NULL AND kind = $1
         AND coalesce(asset_id, '') = coalesce($2, '') AND coalesce(service, '') = coalesce($3, '')
       RETURNING ${COLUMNS}`,
      [kind, subject.assetId ?? null, subject.service ?? null, at],
    );
    return rows.map(toAlert);
  }

  /** Whether an alert of this kind is open for the asset. */
  async isOpenForAsset(kind: AlertKind, assetId: string): Promise<boolean> {
    const { rows } = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM alerts WHERE cleared_at IS NULL AND kind = $1 AND asset_id = $2',
      [kind, assetId],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  async listActive(): Promise<Alert[]> {
    const { rows } = await this.db.query<AlertRow>(
      `SELECT ${COLUMNS} FROM alerts WHERE cleared_at IS NULL ORDER BY raised_at DESC, id`,
    );
    return rows.map(toAlert);
  }

  /** Active and cleared alerts, newest first (bounded: the table grows with the life of the plant). */
  async listAll(limit: number): Promise<Alert[]> {
    const { rows } = await this.db.query<AlertRow>(
      `SELECT ${COLUMNS} FROM alerts ORDER BY raised_at DESC, id LIMIT $1`,
      [limit],
    );
    return rows.map(toAlert);
  }

  /** Asset ids with an open alert of one of `kinds` (to re-evaluate alerts whose cause may have expired). */
  async assetsWithOpenAlerts(kinds: readonly AlertKind[]): Promise<string[]> {
    const { rows } = await this.db.query<{ asset_id: string }>(
      `SELECT DISTINCT asset_id FROM alerts WHERE cleared_at IS NULL AND asset_id IS NOT NULL AND kind = ANY($1::text[])`,
      [[...kinds]],
    );
    return rows.map((r) => r.asset_id);
  }
}
