/**
 * Comments, closure, the audit trail and the saga log (issue 7, items 2–3).
 * - `work_orders.closure_code` / `closure_note`: how a done order ended (domain/closure.ts lists the codes);
 *   `cancel_reason`: why a cancelled one was dropped.
 * - `work_order_comments`: free text by an author, oldest first.
 * - `work_order_audit`: who (`actor`) changed what (`what`: a field, 'created', 'comment', 'evidence', 'intervention'),
 *   from → to (jsonb, null when absent), when; written in the transaction of the change itself.
 * - `sagas`: one row per multi-step process (kind 'create-predictive-work-order'): the last committed step, the
 *   status and the compensations done, so a crash mid-saga is resumed or compensated at the next start.
 * - `plan_reservations`: a provisional slot held in the current maintenance plan for an intervention.
 */
export const workOrderHistoryMigration = {
  id: '006_work_order_history',
  sql: `
    ALTER TABLE work_orders
      ADD COLUMN IF NOT EXISTS closure_code text,
      ADD COLUMN IF NOT EXISTS closure_note text,
      ADD COLUMN IF NOT EXISTS cancel_reason text;

    CREATE TABLE IF NOT EXISTS work_order_comments (
      id            uuid PRIMARY KEY,
      work_order_id uuid NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
      author        text NOT NULL,
      text          text NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX IF NOT EXISTS work_order_comments_order ON work_order_comments (work_order_id, created_at);

    CREATE TABLE IF NOT EXISTS work_order_audit (
      id            bigserial PRIMARY KEY,
      work_order_id uuid NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
      actor         text NOT NULL,
      what          text NOT NULL,
      from_value    jsonb,
      to_value      jsonb,
      at            timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX IF NOT EXISTS work_order_audit_order ON work_order_audit (work_order_id, id);

    CREATE TABLE IF NOT EXISTS sagas (
      id            uuid PRIMARY KEY,
      kind          text NOT NULL,
      subject       text,
      step          integer NOT NULL DEFAULT 0,
      status        text NOT NULL CHECK (status IN ('running', 'compensating', 'completed', 'compensated')),
      state         jsonb NOT NULL DEFAULT '{}'::jsonb,
      compensations text[] NOT NULL DEFAULT '{}',
      error         text,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX IF NOT EXISTS sagas_unfinished ON sagas (created_at) WHERE status IN ('running', 'compensating');
    CREATE INDEX IF NOT EXISTS sagas_subject ON sagas (subject);

    CREATE TABLE IF NOT EXISTS plan_reservations (
      id              uuid PRIMARY KEY,
      plan_id         uuid REFERENCES maintenance_plans (id),
      work_order_id   uuid NOT NULL REFERENCES work_orders (id),
      intervention_id uuid NOT NULL REFERENCES interventions (id),
      technician_id   text REFERENCES technicians (id),
      slot_start      timestamptz NOT NULL,
      slot_end        timestamptz NOT NULL,
      created_at      timestamptz NOT NULL DEFAULT now(),
      CHECK (slot_end > slot_start)
    );
    CREATE UNIQUE INDEX IF NOT EXISTS plan_reservations_intervention ON plan_reservations (intervention_id);
  `,
} as const;
