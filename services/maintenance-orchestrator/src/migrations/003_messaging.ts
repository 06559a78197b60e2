/**
 * Idempotency and the transactional outbox: an event's effects, its processed_events row and the events it emits
 * commit together, so a replay changes nothing and a crash before publishing loses nothing.
 */
export const messagingMigration = {
  id: '003_messaging',
  sql: `
    CREATE TABLE IF NOT EXISTS processed_events (
      event_id     text PRIMARY KEY,
      processed_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE IF NOT EXISTS outbox (
      id           bigserial PRIMARY KEY,
      topic        text NOT NULL,
      key          text NOT NULL,
      payload      jsonb NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    );
    CREATE INDEX IF NOT EXISTS outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
  `,
} as const;
