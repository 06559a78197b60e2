/**
 * Work orders and the assets seen in events. The partial unique index makes "one open predictive order per asset
 * and cause" a database guarantee: two concurrent events cannot both open one (the loser escalates instead).
 */
export const workOrdersMigration = {
  id: '001_work_orders',
  sql: `
    CREATE TABLE IF NOT EXISTS assets (
      asset_id      text PRIMARY KEY,
      first_seen    timestamptz NOT NULL DEFAULT now(),
      last_event_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE IF NOT EXISTS work_orders (
      id          uuid PRIMARY KEY,
      asset_id    text NOT NULL,
      cause       text NOT NULL CHECK (cause IN ('anomaly', 'rul', 'manual')),
      title       text NOT NULL,
      description text NOT NULL DEFAULT '',
      priority    text NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
      status      text NOT NULL CHECK (status IN ('requested', 'approved', 'planned', 'assigned', 'in_progress', 'done', 'cancelled')),
      due_date    timestamptz,
      assigned_to text,
      evidence    jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    );

    CREATE UNIQUE INDEX IF NOT EXISTS work_orders_one_open_predictive
      ON work_orders (asset_id, cause)
      WHERE status NOT IN ('done', 'cancelled') AND cause <> 'manual';
    CREATE INDEX IF NOT EXISTS work_orders_asset ON work_orders (asset_id, created_at DESC);
    CREATE INDEX IF NOT EXISTS work_orders_status ON work_orders (status, created_at DESC);
  `,
} as const;
