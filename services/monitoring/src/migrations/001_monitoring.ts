import type { Migration } from '@vigie/service-kit';

/** The seed's three tables (§2.7) plus the read model that lets a restart serve the same snapshot. */
export const monitoringMigration: Migration = {
  id: '001_monitoring',
  sql: `
      CREATE TABLE IF NOT EXISTS system_metrics (
        ts     timestamptz      NOT NULL,
        name   text             NOT NULL,
        labels jsonb            NOT NULL DEFAULT '{}'::jsonb,
        value  double precision NOT NULL
      );
      CREATE INDEX IF NOT EXISTS system_metrics_name_ts ON system_metrics (name, ts DESC);

      CREATE TABLE IF NOT EXISTS alerts (
        id         text        PRIMARY KEY,
        kind       text        NOT NULL,
        severity   text        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        asset_id   text,
        service    text,
        message    text        NOT NULL,
        raised_at  timestamptz NOT NULL,
        cleared_at timestamptz
      );
      -- At most one open alert per (kind, subject): raising is INSERT … ON CONFLICT DO NOTHING, safe across instances.
      CREATE UNIQUE INDEX IF NOT EXISTS alerts_one_open
        ON alerts (kind, (coalesce(asset_id, '')), (coalesce(service, ''))) WHERE cleared_at IS NULL;
      CREATE INDEX IF NOT EXISTS alerts_raised ON alerts (raised_at DESC);

      CREATE TABLE IF NOT EXISTS service_status (
        service    text        PRIMARY KEY,
        url        text        NOT NULL,
        status     text        NOT NULL CHECK (status IN ('UP', 'DOWN', 'UNKNOWN')),
        checked_at timestamptz,
        latency_ms double precision,
        details    jsonb
      );

      CREATE TABLE IF NOT EXISTS asset_state (
        asset_id         text        PRIMARY KEY,
        last_anomaly     jsonb,
        last_critical_at timestamptz,
        last_rul         jsonb,
        updated_at       timestamptz NOT NULL
      );

      CREATE TABLE IF NOT EXISTS work_order_view (
        id         text        PRIMARY KEY,
        asset_id   text        NOT NULL,
        status     text        NOT NULL,
        data       jsonb       NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX IF NOT EXISTS work_order_view_asset ON work_order_view (asset_id);
    `,
};
