import { jobTableSql, type Migration } from '@vigie/service-kit';
import { RUL_JOB_TABLE } from '../domain/rul-job';

export const migrations: Migration[] = [
  {
    id: '001_rul_tables',
    sql: `
      CREATE TABLE IF NOT EXISTS rul_training_data (
        asset_id   text NOT NULL,
        sensor_id  text NOT NULL,
        window_end timestamptz NOT NULL,
        unit       text NOT NULL,
        value      double precision NOT NULL,
        PRIMARY KEY (sensor_id, window_end)
      );
      CREATE INDEX IF NOT EXISTS rul_training_data_asset ON rul_training_data (asset_id, window_end);
      CREATE TABLE IF NOT EXISTS rul_models (
        name       text NOT NULL,
        version    text NOT NULL,
        kind       text NOT NULL,
        status     text NOT NULL,
        params     jsonb NOT NULL,
        metrics    jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (name, version)
      );
      CREATE TABLE IF NOT EXISTS rul_predictions (
        id            text PRIMARY KEY,
        asset_id      text NOT NULL,
        as_of         timestamptz NOT NULL,
        predicted_at  timestamptz NOT NULL,
        rul           double precision NOT NULL,
        lower_bound   double precision NOT NULL,
        upper_bound   double precision NOT NULL,
        level         double precision NOT NULL,
        health_index  double precision NOT NULL,
        model_version text NOT NULL
      );
      CREATE INDEX IF NOT EXISTS rul_predictions_asset ON rul_predictions (asset_id, as_of DESC);
    `,
  },
  {
    id: '002_rul_training_jobs_and_series',
    sql: `
      CREATE TABLE IF NOT EXISTS rul_training_series (
        source   text NOT NULL,
        unit     integer NOT NULL,
        cycle    double precision NOT NULL,
        settings jsonb NOT NULL,
        sensors  jsonb NOT NULL,
        PRIMARY KEY (source, unit, cycle)
      );${jobTableSql(RUL_JOB_TABLE)}
    `,
  },
  {
    // What a windowed-features source's rows are (simulator run-to-failure histories), so a model trained on it can be
    // served online from extracted-features: columns, window length, the assets and asset types it covers.
    id: '003_rul_training_sources',
    sql: `
      CREATE TABLE IF NOT EXISTS rul_training_sources (
        source         text PRIMARY KEY,
        kind           text NOT NULL,
        window_seconds integer NOT NULL,
        columns        jsonb NOT NULL,
        assets         jsonb NOT NULL,
        asset_types    jsonb NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    // Time from a unit's last row to its failure, in cycles (UnitSeries.rulAtEnd): simulator units whose rows are
    // windows fail between two window ends. A unit without a row here fails right after its last cycle (C-MAPSS).
    id: '004_rul_training_units',
    sql: `
      CREATE TABLE IF NOT EXISTS rul_training_units (
        source     text NOT NULL,
        unit       integer NOT NULL,
        rul_at_end double precision NOT NULL CHECK (rul_at_end >= 0),
        PRIMARY KEY (source, unit)
      );
    `,
  },
  {
    // RulPredictionPayload.upperUnbounded: a trained model's interval reached its target's cap, so `upper_bound` is the
    // cap, not a bound. Rows stored before it (trend model, or trained predictions that did not record it) read false.
    id: '005_rul_predictions_upper_unbounded',
    sql: `ALTER TABLE rul_predictions ADD COLUMN IF NOT EXISTS upper_unbounded boolean NOT NULL DEFAULT false;`,
  },
];
