import { insertRows } from '../db/bulk';
import type { Database, Migration } from '../db/database';
import { runMigrations } from '../db/migrations';
import type { HealthCheckResult } from '../http/health';
import { FeatureStoreError } from './errors';
import type { FeatureStore, FeatureWindow } from './feature-store';
import { assertValidQuery, assertValidWindows, copyWindow, distinctWindows, latestPerSensor } from './validation';

/** Rows in `schema_migrations` are keyed by this name, apart from the migrations of the service that owns the database. */
export const FEATURE_STORE_MIGRATION_SERVICE = 'feature-store';

const COLUMNS = ['sensor_id', 'window_start', 'window_end', 'asset_id', 'sample_count', 'features'] as const;
const UPDATE =
  'window_end = EXCLUDED.window_end, asset_id = EXCLUDED.asset_id, sample_count = EXCLUDED.sample_count, features = EXCLUDED.features, pushed_at = now()';
/** Sensor ids per `= ANY($1)` query: keeps the array parameter, and the answer, of bounded size. */
const READ_CHUNK = 5_000;

/**
 * Two tables: the history (every window, the offline store) and the latest window of each sensor (the online
 * store), so an online read is a primary-key lookup however long the history grows. Times are epoch milliseconds
 * (bigint), as in the port; the feature map is jsonb, whatever its names.
 */
export const FEATURE_STORE_MIGRATIONS: readonly Migration[] = [
  {
    id: '001_feature_store',
    sql: `CREATE TABLE feature_store_windows (
  sensor_id    text        NOT NULL,
  window_start bigint      NOT NULL,
  window_end   bigint      NOT NULL,
  asset_id     text        NOT NULL,
  sample_count bigint      NOT NULL,
  features     jsonb       NOT NULL,
  pushed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sensor_id, window_start)
);
CREATE INDEX feature_store_windows_asset ON feature_store_windows (asset_id, window_start);
CREATE TABLE feature_store_online (
  sensor_id    text        PRIMARY KEY,
  window_start bigint      NOT NULL,
  window_end   bigint      NOT NULL,
  asset_id     text        NOT NULL,
  sample_count bigint      NOT NULL,
  features     jsonb       NOT NULL,
  pushed_at    timestamptz NOT NULL DEFAULT now()
);`,
  },
];

interface OnlineRow {
  sensor_id: string;
  window_start: number;
  window_end: number;
  asset_id: string;
  sample_count: number;
  features: Record<string, number>;
}

/**
 * The embedded adapter, on the service-kit Database port (PGlite or PostgreSQL): the tables live in the database it is
 * given (for a service, in its own schema). A push is one transaction: both tables change, or neither.
 */
export class PostgresFeatureStore implements FeatureStore {
  #closed = false;

  private constructor(private readonly db: Database) {}

  /** Creates the tables when missing (migrations, serialised with every other service's), then returns the store. */
  static async open(db: Database): Promise<PostgresFeatureStore> {
    await runMigrations(db, FEATURE_STORE_MIGRATION_SERVICE, FEATURE_STORE_MIGRATIONS);
    return new PostgresFeatureStore(db);
  }

  async push(windows: readonly FeatureWindow[]): Promise<void> {
    this.#open();
    assertValidWindows(windows);
    if (windows.length === 0) return;
    // ON CONFLICT DO UPDATE may not touch a row twice in one statement: one row per key in each table.
    const history = distinctWindows(windows).map(toRow);
    const online = [...latestPerSensor(windows).values()].map(toRow);
    await this.db.transaction(async (tx) => {
      await insertRows(tx, 'feature_store_windows', COLUMNS, history, { onConflict: `(sensor_id, window_start) DO UPDATE SET ${UPDATE}` });
      // The WHERE keeps the stored window when it is newer: an old window pushed late changes the history only.
      await insertRows(tx, 'feature_store_online', COLUMNS, online, {
        onConflict: `(sensor_id) DO UPDATE SET window_start = EXCLUDED.window_start, ${UPDATE} WHERE feature_store_online.window_start <= EXCLUDED.window_start`,
      });
    });
  }

  async online(sensorIds: readonly string[], names?: readonly string[]): Promise<Map<string, FeatureWindow>> {
    this.#open();
    assertValidQuery(sensorIds, names);
    const distinct = [...new Set(sensorIds)];
    const found = new Map<string, FeatureWindow>();
    for (let start = 0; start < distinct.length; start += READ_CHUNK) {
      const { rows } = await this.db.query<OnlineRow>(
        'SELECT sensor_id, window_start, window_end, asset_id, sample_count, features FROM feature_store_online WHERE sensor_id = ANY($1::text[])',
        [distinct.slice(start, start + READ_CHUNK)],
      );
      for (const row of rows) found.set(row.sensor_id, copyWindow(fromRow(row), names));
    }
    return found;
  }

  async ping(): Promise<HealthCheckResult> {
    if (this.#closed) return { status: 'DOWN', details: { reason: 'closed' } };
    const started = performance.now();
    try {
      await this.db.query('SELECT 1 FROM feature_store_online LIMIT 1');
      return { status: 'UP', details: { latencyMs: Math.round((performance.now() - started) * 100) / 100 } };
    } catch (error) {
      return { status: 'DOWN', details: { error: (error as Error).message } };
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #open(): void {
    if (this.#closed) throw new FeatureStoreError('FEATURE_STORE_CLOSED');
  }
}

function toRow(w: FeatureWindow): unknown[] {
  return [w.sensorId, w.windowStart, w.windowEnd, w.assetId, w.sampleCount, w.features];
}

function fromRow(row: OnlineRow): FeatureWindow {
  return {
    assetId: row.asset_id,
    sensorId: row.sensor_id,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    sampleCount: row.sample_count,
    features: row.features,
  };
}
