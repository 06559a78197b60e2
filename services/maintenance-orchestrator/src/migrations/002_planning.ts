/** Interventions, technicians and the stored maintenance plans (the planning side of the seed's §2.6). */
export const planningMigration = {
  id: '002_planning',
  sql: `
    CREATE TABLE IF NOT EXISTS technicians (
      id          text PRIMARY KEY,
      name        text NOT NULL,
      skills      text[] NOT NULL DEFAULT '{}',
      shift_start time NOT NULL,
      shift_end   time NOT NULL,
      site        text NOT NULL DEFAULT 'main',
      CHECK (shift_end > shift_start)
    );

    CREATE TABLE IF NOT EXISTS interventions (
      id             uuid PRIMARY KEY,
      work_order_id  uuid NOT NULL REFERENCES work_orders (id),
      technician_id  text REFERENCES technicians (id),
      planned_start  timestamptz NOT NULL,
      planned_end    timestamptz NOT NULL,
      status         text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'cancelled')),
      created_at     timestamptz NOT NULL DEFAULT now(),
      CHECK (planned_end > planned_start)
    );
    CREATE INDEX IF NOT EXISTS interventions_work_order ON interventions (work_order_id);

    CREATE TABLE IF NOT EXISTS maintenance_plans (
      id            uuid PRIMARY KEY,
      created_at    timestamptz NOT NULL DEFAULT now(),
      horizon_start timestamptz NOT NULL,
      horizon_end   timestamptz NOT NULL,
      method        text NOT NULL,
      objective     double precision NOT NULL,
      plan          jsonb NOT NULL
    );
  `,
} as const;
