import type { Migration } from '@vigie/service-kit';

/** Feature definitions shipped with this version; the table lets clients discover names, units and meaning. */
const DEFINITIONS: [string, string, string][] = [
  ['mean', 'Arithmetic mean of the window', 'signal'],
  ['std', 'Population standard deviation (ddof = 0)', 'signal'],
  ['rms', 'Root mean square', 'signal'],
  ['min', 'Minimum', 'signal'],
  ['max', 'Maximum', 'signal'],
  ['peak_to_peak', 'max − min', 'signal'],
  ['kurtosis', 'Excess (Fisher) kurtosis, biased', 'dimensionless'],
  ['skewness', 'Skewness, biased', 'dimensionless'],
  ['crest_factor', 'max(|x|) / RMS', 'dimensionless'],
];

export const migrations: Migration[] = [
  {
    id: '001_feature_definitions',
    sql: `
      CREATE TABLE IF NOT EXISTS feature_definitions (
        name        text PRIMARY KEY,
        description text NOT NULL,
        unit        text NOT NULL,
        domain      text NOT NULL DEFAULT 'time',
        version     integer NOT NULL DEFAULT 1
      );
      INSERT INTO feature_definitions (name, description, unit) VALUES
        ${DEFINITIONS.map(([n, d, u]) => `('${n}', '${d.replace(/'/g, "''")}', '${u}')`).join(',\n        ')}
      ON CONFLICT (name) DO NOTHING;
    `,
  },
  {
    // A feature is defined per profile (window and options differ); rows are written at start from the code's
    // catalog and the configured profiles (FeatureDefinitionsRepository.replaceAll). `domain` stays for old readers.
    id: '002_feature_definitions_profiles',
    sql: `
      ALTER TABLE feature_definitions ADD COLUMN IF NOT EXISTS profile text NOT NULL DEFAULT 'default';
      ALTER TABLE feature_definitions ADD COLUMN IF NOT EXISTS family text NOT NULL DEFAULT 'time';
      ALTER TABLE feature_definitions ADD COLUMN IF NOT EXISTS "window" text NOT NULL DEFAULT '';
      UPDATE feature_definitions SET family = domain;
      ALTER TABLE feature_definitions DROP CONSTRAINT IF EXISTS feature_definitions_pkey;
      ALTER TABLE feature_definitions ADD PRIMARY KEY (profile, name);
    `,
  },
  {
    // Per sensor: the window geometry in use and the earliest window start it may emit (see WindowAssembler).
    id: '003_window_cursors',
    sql: `
      CREATE TABLE IF NOT EXISTS window_cursors (
        sensor_id  text PRIMARY KEY,
        length_ms  bigint NOT NULL,
        hop_ms     bigint NOT NULL,
        floor_ms   bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
