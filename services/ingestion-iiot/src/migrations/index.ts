import type { Migration } from '@vigie/service-kit';

export const migrations: Migration[] = [
  {
    id: '001_assets_sensors',
    sql: `
      CREATE TABLE IF NOT EXISTS assets (
        id         text PRIMARY KEY,
        name       text NOT NULL,
        type       text NOT NULL,
        site       text NOT NULL,
        area       text NOT NULL,
        line       text NOT NULL,
        latitude   double precision,
        longitude  double precision,
        source_id  text,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS sensors (
        id          text PRIMARY KEY,
        asset_id    text NOT NULL REFERENCES assets (id),
        kind        text NOT NULL,
        unit        text NOT NULL,
        range_min   double precision,
        range_max   double precision,
        sampling_hz double precision,
        source_id   text,
        source_ref  text,
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS sensors_asset ON sensors (asset_id);
    `,
  },
  {
    id: '002_ingestion_sources',
    sql: `
      CREATE TABLE IF NOT EXISTS ingestion_sources (
        id         text PRIMARY KEY,
        config     jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    id: '003_archive_log',
    sql: `
      CREATE TABLE IF NOT EXISTS archive_log (
        hour_start  timestamptz PRIMARY KEY,
        hour_end    timestamptz NOT NULL,
        bucket      text NOT NULL,
        rows        integer NOT NULL,
        objects     integer NOT NULL,
        bytes       bigint NOT NULL,
        keys        jsonb NOT NULL,
        archived_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
