import { createTimeSeriesTable, insertRows, type Database } from '@vigie/service-kit';
import type { PreprocessedSample } from '@vigie/contracts';
import { emptyFlagCounts, type BatchReport, type FlagCounts } from '../domain/pipeline-report';
import type { SensorState } from '../domain/sensor-pipeline';

export interface PreprocessingStats {
  since: string;
  received: number;
  emitted: number;
  duplicates: number;
  outOfOrder: number;
  outOfRange: number;
  badQuality: number;
  deadLettered: number;
  sensors: number;
  flags: FlagCounts;
  operations: Record<string, number>;
}

export interface StoredSensor {
  sensorId: string;
  assetId: string;
  unit: string;
  state: SensorState;
}

/** One processed event (or idle flush) of one sensor: its metadata row and the samples it emitted. */
export interface BatchRecord {
  eventId: string;
  operation: 'stream' | 'idle_flush';
  assetId: string;
  sensorId: string;
  unit: string;
  report: BatchReport;
  samples: readonly PreprocessedSample[];
  /** Timestamps of the first and last sample received (null for a flush). */
  span: { first: number; last: number } | null;
}

/** Storage of the preprocessing service: `preprocessed_data`, `preprocessing_metadata`, `preprocessing_state`. */
export class PreprocessingRepository {
  constructor(private readonly db: Database) {}

  async ensureTables(): Promise<void> {
    await createTimeSeriesTable(this.db, {
      table: 'preprocessed_data',
      columnsSql:
        'sensor_id text NOT NULL, ts timestamptz NOT NULL, asset_id text NOT NULL, value double precision NOT NULL, quality text NOT NULL, flags text[] NOT NULL, raw double precision, normalized double precision',
      timeColumn: 'ts',
      primaryKey: ['sensor_id', 'ts'],
    });
    // Tables created before the pipeline stored `raw` and `normalized`.
    await this.db.exec(
      'ALTER TABLE preprocessed_data ADD COLUMN IF NOT EXISTS raw double precision; ALTER TABLE preprocessed_data ADD COLUMN IF NOT EXISTS normalized double precision;',
    );
  }

  /** The most recently updated sensors' states (a restarted instance continues their streams). */
  async loadStates(limit: number): Promise<StoredSensor[]> {
    const { rows } = await this.db.query<StateRow>(
      'SELECT sensor_id, asset_id, unit, state FROM preprocessing_state ORDER BY updated_at DESC LIMIT $1',
      [limit],
    );
    return rows.map(fromRow);
  }

  async loadStatesFor(sensorIds: readonly string[]): Promise<StoredSensor[]> {
    if (sensorIds.length === 0) return [];
    const { rows } = await this.db.query<StateRow>(
      'SELECT sensor_id, asset_id, unit, state FROM preprocessing_state WHERE sensor_id = ANY($1::text[])',
      [sensorIds],
    );
    return rows.map(fromRow);
  }

  /** Which of these events are already stored (a redelivery is a no-op). */
  async processedEvents(eventIds: readonly string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const { rows } = await this.db.query<{ event_id: string }>(
      'SELECT event_id FROM preprocessing_metadata WHERE event_id = ANY($1::text[])',
      [eventIds],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  /** Stores batches, their samples and the sensors' new states in one transaction (all or nothing). */
  async store(records: readonly BatchRecord[], states: readonly StoredSensor[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows = records.flatMap((r) =>
        r.samples.map((s) => [r.sensorId, new Date(s.ts), r.assetId, s.value, s.quality, s.flags, s.raw ?? null, s.normalized ?? null]),
      );
      await insertRows(tx, 'preprocessed_data', ['sensor_id', 'ts', 'asset_id', 'value', 'quality', 'flags', 'raw', 'normalized'], rows, {
        onConflict: 'nothing',
      });
      await insertRows(
        tx,
        'preprocessing_metadata',
        [
          'event_id',
          'asset_id',
          'sensor_id',
          'operation',
          'received',
          'emitted',
          'duplicates',
          'out_of_order',
          'out_of_range',
          'bad_quality',
          'unimputable',
          'first_ts',
          'last_ts',
          'operations',
          'flag_counts',
        ],
        records.map((r) => [
          r.eventId,
          r.assetId,
          r.sensorId,
          r.operation,
          r.report.received,
          r.report.emitted,
          r.report.duplicates,
          r.report.late,
          r.report.outOfRange,
          r.report.badQuality,
          r.report.unimputable,
          r.span ? new Date(r.span.first) : null,
          r.span ? new Date(r.span.last) : null,
          r.report.operations,
          r.report.flags,
        ]),
        { onConflict: 'nothing' },
      );
      await insertRows(
        tx,
        'preprocessing_state',
        ['sensor_id', 'asset_id', 'unit', 'state', 'updated_at'],
        states.map((s) => [s.sensorId, s.assetId, s.unit, s.state, new Date()]),
        {
          onConflict:
            '(sensor_id) DO UPDATE SET asset_id = EXCLUDED.asset_id, unit = EXCLUDED.unit, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at',
        },
      );
    });
  }

  /** Records a dead-lettered message (keyed by its position, so a redelivery is counted once). */
  async recordDeadLetter(position: string, reason: string): Promise<void> {
    await this.db.query(
      `INSERT INTO preprocessing_metadata (event_id, asset_id, sensor_id, operation, received, emitted, duplicates, out_of_order, out_of_range, bad_quality, detail)
       VALUES ($1, '', '', 'dead_letter', 0, 0, 0, 0, 0, 0, $2) ON CONFLICT (event_id) DO NOTHING`,
      [position, reason],
    );
  }

  async stats(): Promise<PreprocessingStats> {
    const { rows } = await this.db.query<Record<string, string | number | Date | null>>(
      `SELECT coalesce(sum(received),0) AS received, coalesce(sum(emitted),0) AS emitted, coalesce(sum(duplicates),0) AS duplicates,
              coalesce(sum(out_of_order),0) AS out_of_order, coalesce(sum(out_of_range),0) AS out_of_range,
              coalesce(sum(bad_quality),0) AS bad_quality, count(DISTINCT nullif(sensor_id, '')) AS sensors,
              count(*) FILTER (WHERE operation = 'dead_letter') AS dead_lettered, min(processed_at) AS since
         FROM preprocessing_metadata`,
    );
    const flagRows = await this.db.query<{ flag: string; n: string | number }>(
      'SELECT f.key AS flag, sum(f.value::bigint) AS n FROM preprocessing_metadata m, jsonb_each_text(m.flag_counts) f GROUP BY f.key',
    );
    const opRows = await this.db.query<{ op: string; n: string | number }>(
      `SELECT o->>'op' AS op, sum((o->>'affected')::bigint) AS n FROM preprocessing_metadata m, jsonb_array_elements(m.operations) o GROUP BY 1`,
    );
    const flags = emptyFlagCounts();
    for (const r of flagRows.rows) if (r.flag in flags) flags[r.flag as keyof FlagCounts] = Number(r.n);
    const r = rows[0]!;
    return {
      since: r.since ? new Date(r.since).toISOString() : new Date().toISOString(),
      received: Number(r.received),
      emitted: Number(r.emitted),
      duplicates: Number(r.duplicates),
      outOfOrder: Number(r.out_of_order),
      outOfRange: Number(r.out_of_range),
      badQuality: Number(r.bad_quality),
      deadLettered: Number(r.dead_lettered),
      sensors: Number(r.sensors),
      flags,
      operations: Object.fromEntries(opRows.rows.map((o) => [o.op, Number(o.n)])),
    };
  }
}

interface StateRow {
  sensor_id: string;
  asset_id: string;
  unit: string;
  state: SensorState;
}

function fromRow(r: StateRow): StoredSensor {
  return { sensorId: r.sensor_id, assetId: r.asset_id, unit: r.unit, state: r.state };
}
