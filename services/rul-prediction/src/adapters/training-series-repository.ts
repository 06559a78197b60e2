import type { Database } from '@vigie/service-kit';
import type { UnitSeries } from '@vigie/ml';

/** Rows per INSERT: one JSON parameter each, well under any statement limit. */
const CHUNK = 4000;

export interface SourceSummary {
  source: string;
  units: number;
  rows: number;
}

/**
 * `rul_training_series`: run-to-failure histories by source (e.g. a C-MAPSS subset), one row per unit and cycle with
 * the operating settings and the sensors as JSON arrays. An import replaces the source's rows in one transaction.
 */
export class TrainingSeriesRepository {
  constructor(private readonly db: Database) {}

  async replace(source: string, units: readonly UnitSeries[]): Promise<number> {
    const rows = units.flatMap((u) =>
      Array.from(u.cycles, (cycle, i) => ({
        unit: u.unit,
        cycle,
        settings: Array.from(u.settings.data.subarray(i * u.settings.cols, (i + 1) * u.settings.cols)),
        sensors: Array.from(u.sensors.data.subarray(i * u.sensors.cols, (i + 1) * u.sensors.cols)),
      })),
    );
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM rul_training_series WHERE source = $1', [source]);
      for (let at = 0; at < rows.length; at += CHUNK) {
        await tx.query(
          `INSERT INTO rul_training_series (source, unit, cycle, settings, sensors)
           SELECT $1, r.unit, r.cycle, r.settings, r.sensors
             FROM jsonb_to_recordset($2::jsonb) AS r(unit integer, cycle double precision, settings jsonb, sensors jsonb)`,
          [source, JSON.stringify(rows.slice(at, at + CHUNK))],
        );
      }
    });
    return rows.length;
  }

  async summary(source: string): Promise<SourceSummary | undefined> {
    const { rows } = await this.db.query<{ units: number; rows: number }>(
      'SELECT count(DISTINCT unit)::int AS units, count(*)::int AS rows FROM rul_training_series WHERE source = $1',
      [source],
    );
    const r = rows[0];
    return r && r.rows > 0 ? { source, units: Number(r.units), rows: Number(r.rows) } : undefined;
  }

  /** Every unit of `source`, cycles in order. */
  async load(source: string): Promise<UnitSeries[]> {
    const { rows } = await this.db.query<{ unit: number; cycle: number; settings: number[]; sensors: number[] }>(
      'SELECT unit, cycle, settings, sensors FROM rul_training_series WHERE source = $1 ORDER BY unit, cycle',
      [source],
    );
    const byUnit = new Map<number, typeof rows>();
    for (const r of rows) {
      const list = byUnit.get(r.unit);
      if (list) list.push(r);
      else byUnit.set(r.unit, [r]);
    }
    return [...byUnit].map(([unit, list]) => {
      const p = list[0]!.settings.length;
      const d = list[0]!.sensors.length;
      return {
        unit,
        cycles: Float64Array.from(list, (r) => Number(r.cycle)),
        settings: { rows: list.length, cols: p, data: Float64Array.from(list.flatMap((r) => r.settings)) },
        sensors: { rows: list.length, cols: d, data: Float64Array.from(list.flatMap((r) => r.sensors)) },
      };
    });
  }
}
