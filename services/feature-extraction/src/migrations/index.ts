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
];
