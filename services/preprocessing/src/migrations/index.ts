import type { Migration } from '@vigie/service-kit';

export const migrations: Migration[] = [
  {
    id: '001_preprocessing_metadata',
    sql: `
      CREATE TABLE IF NOT EXISTS preprocessing_metadata (
        event_id     text PRIMARY KEY,
        asset_id     text NOT NULL,
        sensor_id    text NOT NULL,
        operation    text NOT NULL,
        received     integer NOT NULL,
        emitted      integer NOT NULL,
        duplicates   integer NOT NULL,
        out_of_order integer NOT NULL,
        out_of_range integer NOT NULL,
        bad_quality  integer NOT NULL,
        first_ts     timestamptz,
        last_ts      timestamptz,
        detail       text,
        processed_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS preprocessing_metadata_sensor ON preprocessing_metadata (sensor_id, processed_at);
    `,
  },
  {
    // The streaming pipeline: one record per operation applied to a batch, emitted samples per flag, samples that
    // could not be imputed; and each sensor's operator state, written in the same transaction as its batches.
    id: '002_preprocessing_pipeline',
    sql: `
      ALTER TABLE preprocessing_metadata ADD COLUMN IF NOT EXISTS operations jsonb NOT NULL DEFAULT '[]'::jsonb;
      ALTER TABLE preprocessing_metadata ADD COLUMN IF NOT EXISTS flag_counts jsonb NOT NULL DEFAULT '{}'::jsonb;
      ALTER TABLE preprocessing_metadata ADD COLUMN IF NOT EXISTS unimputable integer NOT NULL DEFAULT 0;
      CREATE TABLE IF NOT EXISTS preprocessing_state (
        sensor_id  text PRIMARY KEY,
        asset_id   text NOT NULL,
        unit       text NOT NULL,
        state      jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
