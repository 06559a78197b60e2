import type { Database } from '@vigie/service-kit';
import type { UnitSeries } from '@vigie/ml';
import type { WindowedRows } from '../domain/simulator-units';

/** Rows per INSERT: one JSON parameter each, well under any statement limit. */
const CHUNK = 4000;

export interface SourceSummary {
  source: string;
  units: number;
  rows: number;
}

/**
 * `rul_training_series`: run-to-failure histories by source (e.g. a C-MAPSS subset), one row per unit and cycle with
 * the operating settings and the sensors as JSON arrays; `rul_training_units`: the units' `rulAtEnd` when they have
 * one. An import replaces the source's rows in one transaction.
 */
export class TrainingSeriesRepository {
  constructor(private readonly db: Database) {}

  /**
   * Replaces the source's rows; `rows` describes windowed-feature rows (a simulator source, recorded in
   * `rul_training_sources`), none for C-MAPSS (any earlier record of the source is dropped).
   */
  async replace(source: string, units: readonly UnitSeries[], rows?: WindowedRows): Promise<number> {
    const records = units.flatMap((u) =>
      Array.from(u.cycles, (cycle, i) => ({
        unit: u.unit,
        cycle,
        settings: Array.from(u.settings.data.subarray(i * u.settings.cols, (i + 1) * u.settings.cols)),
        sensors: Array.from(u.sensors.data.subarray(i * u.sensors.cols, (i + 1) * u.sensors.cols)),
      })),
    );
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM rul_training_series WHERE source = $1', [source]);
      await tx.query('DELETE FROM rul_training_sources WHERE source = $1', [source]);
      await tx.query('DELETE FROM rul_training_units WHERE source = $1', [source]);
      const ends = units.filter((u) => u.rulAtEnd !== undefined).map((u) => ({ unit: u.unit, rul_at_end: u.rulAtEnd }));
      if (ends.length > 0)
        await tx.query(
          `INSERT INTO rul_training_units (source, unit, rul_at_end)
           SELECT $1, r.unit, r.rul_at_end FROM jsonb_to_recordset($2::jsonb) AS r(unit integer, rul_at_end double precision)`,
          [source, JSON.stringify(ends)],
        );
      if (rows)
        await tx.query(
          `INSERT INTO rul_training_sources (source, kind, window_seconds, columns, assets, asset_types) VALUES ($1, 'simulator', $2, $3::jsonb, $4::jsonb, $5::jsonb)`,
          [source, rows.windowSeconds, JSON.stringify(rows.columns), JSON.stringify(rows.assets), JSON.stringify(rows.assetTypes)],
        );
      for (let at = 0; at < records.length; at += CHUNK) {
        await tx.query(
          `INSERT INTO rul_training_series (source, unit, cycle, settings, sensors)
           SELECT $1, r.unit, r.cycle, r.settings, r.sensors
             FROM jsonb_to_recordset($2::jsonb) AS r(unit integer, cycle double precision, settings jsonb, sensors jsonb)`,
          [source, JSON.stringify(records.slice(at, at + CHUNK))],
        );
      }
    });
    return records.length;
  }

  /** The windowed-rows record of a source, undefined for a C-MAPSS source. */
  async rowsOf(source: string): Promise<WindowedRows | undefined> {
    const { rows } = await this.db.query<{ window_seconds: number; columns: string[]; assets: string[]; asset_types: string[] }>(
      'SELECT window_seconds, columns, assets, asset_types FROM rul_training_sources WHERE source = $1',
      [source],
    );
    const r = rows[0];
    return r && { windowSeconds: Number(r.window_seconds), columns: r.columns, assets: r.assets, assetTypes: r.asset_types };
  }

  /** Sources whose rows are windowed features (their champions can be served online). */
  async windowedSources(): Promise<string[]> {
    const { rows } = await this.db.query<{ source: string }>('SELECT source FROM rul_training_sources ORDER BY source');
    return rows.map((r) => r.source);
  }

  async summary(source: string): Promise<SourceSummary | undefined> {
    const { rows } = await this.db.query<{ units: number; rows: number }>(
      'SELECT count(DISTINCT unit)::int AS units, count(*)::int AS rows FROM rul_training_series WHERE source = $1',
      [source],
    );
    const r = rows[0];
    return r && r.rows > 0 ? { source, units: Number(r.units), rows: Number(r.rows) } : undefined;
  }

  /** Every unit of `source`, cycles in order, with its `rulAtEnd` when one was stored. */
  async load(source: string): Promise<UnitSeries[]> {
    const { rows } = await this.db.query<{ unit: number; cycle: number; settings: number[]; sensors: number[] }>(
      'SELECT unit, cycle, settings, sensors FROM rul_training_series WHERE source = $1 ORDER BY unit, cycle',
      [source],
    );
    const ends = await this.db.query<{ unit: number; rul_at_end: number }>(
      'SELECT unit, rul_at_end FROM rul_training_units WHERE source = $1',
      [source],
    );
    const rulAtEnd = new Map(ends.rows.map((r) => [Number(r.unit), Number(r.rul_at_end)]));
    const byUnit = new Map<number, typeof rows>();
    for (const r of rows) {
      const list = byUnit.get(r.unit);
      if (list) list.push(r);
      else byUnit.set(r.unit, [r]);
    }
    return [...byUnit].map(([unit, list]) => {
      const p = list[0]!.settings.length;
      const d = list[0]!.sensors.length;
      const end = rulAtEnd.get(Number(unit));
      return {
        unit,
        ...(end === undefined ? {} : { rulAtEnd: end }),
        cycles: Float64Array.from(list, (r) => Number(r.cycle)),
        settings: { rows: list.length, cols: p, data: Float64Array.from(list.flatMap((r) => r.settings)) },
        sensors: { rows: list.length, cols: d, data: Float64Array.from(list.flatMap((r) => r.sensors)) },
      };
    });
  }
}
