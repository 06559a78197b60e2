import { jobTableSql, type Migration } from '@vigie/service-kit';
import { TRAINING_JOB_TABLE } from '../domain/training-job';

export const migrations: Migration[] = [
  {
    id: '001_anomaly_tables',
    sql: `
      CREATE TABLE IF NOT EXISTS anomaly_models (
        asset_id   text NOT NULL,
        sensor_id  text NOT NULL,
        version    text NOT NULL,
        kind       text NOT NULL DEFAULT 'robust-baseline',
        source     text NOT NULL,
        windows    integer NOT NULL,
        stats      jsonb NOT NULL,
        status     text NOT NULL DEFAULT 'active',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (asset_id, sensor_id, version)
      );
      CREATE TABLE IF NOT EXISTS anomaly_events (
        id            text PRIMARY KEY,
        asset_id      text NOT NULL,
        sensor_id     text NOT NULL,
        window_start  timestamptz NOT NULL,
        window_end    timestamptz NOT NULL,
        score         double precision NOT NULL,
        criticality   text NOT NULL,
        model_version text NOT NULL,
        contributors  jsonb NOT NULL,
        detected_at   timestamptz NOT NULL
      );
      CREATE INDEX IF NOT EXISTS anomaly_events_asset ON anomaly_events (asset_id, window_start DESC);
    `,
  },
  {
    id: '002_training_jobs_and_registry_versions',
    sql: `${jobTableSql(TRAINING_JOB_TABLE)}
      ALTER TABLE anomaly_models ADD COLUMN IF NOT EXISTS registry_version integer;
      UPDATE anomaly_models SET status = 'superseded' WHERE status = 'retired';
      CREATE INDEX IF NOT EXISTS anomaly_events_asset_page ON anomaly_events (asset_id, window_start DESC, id DESC);
    `,
  },
];
