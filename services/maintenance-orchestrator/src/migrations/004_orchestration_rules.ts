/**
 * Versioned orchestration rules (json-rules-engine documents, config/default-rules.json seeds version 1) and the
 * details a rule attaches to the orders it opens. One active version at most, enforced by a partial unique index.
 */
export const orchestrationRulesMigration = {
  id: '004_orchestration_rules',
  sql: `
    CREATE TABLE IF NOT EXISTS orchestration_rules (
      version    integer PRIMARY KEY CHECK (version > 0),
      rules      jsonb NOT NULL,
      author     text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      active     boolean NOT NULL DEFAULT false
    );
    CREATE UNIQUE INDEX IF NOT EXISTS orchestration_rules_one_active ON orchestration_rules (active) WHERE active;

    ALTER TABLE work_orders
      ADD COLUMN IF NOT EXISTS failure_mode text,
      ADD COLUMN IF NOT EXISTS required_skills text[] NOT NULL DEFAULT '{}',
      ADD COLUMN IF NOT EXISTS estimated_duration_hours double precision CHECK (estimated_duration_hours > 0);
  `,
} as const;
