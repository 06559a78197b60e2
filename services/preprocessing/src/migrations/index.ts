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
];
