import type { Migration } from '@vigie/service-kit';

/**
 * Every alert change (raised, cleared, or otherwise updated) as a numbered row, written by a trigger on `alerts` so
 * no code path that touches an alert can forget it. `seq` is what /ws/monitoring clients resume from. The trigger
 * takes a transaction-scoped advisory lock before drawing the next seq, so changes commit in seq order: a reader
 * that saw seq n never later finds a committed n − 1 it skipped.
 */
export const alertEventsMigration: Migration = {
  id: '003_alert_events',
  sql: `
    CREATE SEQUENCE IF NOT EXISTS alert_events_seq;
    CREATE TABLE IF NOT EXISTS alert_events (
      seq        bigint      PRIMARY KEY,
      alert_id   text        NOT NULL,
      kind       text        NOT NULL,
      severity   text        NOT NULL,
      asset_id   text,
      service    text,
      message    text        NOT NULL,
      raised_at  timestamptz NOT NULL,
      cleared_at timestamptz,
      changed_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE OR REPLACE FUNCTION record_alert_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('vigie.alert_events'));
      INSERT INTO alert_events (seq, alert_id, kind, severity, asset_id, service, message, raised_at, cleared_at)
      VALUES (nextval('alert_events_seq'), NEW.id, NEW.kind, NEW.severity, NEW.asset_id, NEW.service, NEW.message,
              NEW.raised_at, NEW.cleared_at);
      RETURN NULL;
    END
    $$;

    DROP TRIGGER IF EXISTS alerts_record_insert ON alerts;
    CREATE TRIGGER alerts_record_insert AFTER INSERT ON alerts
      FOR EACH ROW EXECUTE FUNCTION record_alert_event();
    DROP TRIGGER IF EXISTS alerts_record_update ON alerts;
    CREATE TRIGGER alerts_record_update AFTER UPDATE ON alerts
      FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION record_alert_event();
  `,
};
