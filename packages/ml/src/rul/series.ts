import { MlError } from '../errors';
import type { Matrix } from '../linalg/matrix';

/**
 * One run-to-failure (or censored) history of one asset, one row per cycle in time order: the operating settings
 * (`settings`, n × p, p may be 0) and the sensor readings (`sensors`, n × d). C-MAPSS files parse into these, and the
 * RUL service builds them from the simulator's histories, so every step of `rul/` works on this shape only.
 */
export interface UnitSeries {
  /** Unit (engine, asset) number. */
  readonly unit: number;
  /** Cycle (time) of each row, strictly increasing. */
  readonly cycles: Float64Array;
  readonly settings: Matrix;
  readonly sensors: Matrix;
  /**
   * Time from the last row to the failure, in cycles (finite, ≥ 0). Absent means 0: a run-to-failure file such as
   * C-MAPSS' fails right after its last cycle. A series whose rows are windows gives here the fraction of a window
   * between its last window's end and the failure, so every row's target is exact.
   */
  readonly rulAtEnd?: number | undefined;
}

/**
 * Checks a set of series: non-empty, rows aligned, widths equal across units, finite values, `rulAtEnd` (when given)
 * finite and ≥ 0. Fails with ML_BAD_INPUT.
 */
export function assertUnitSeries(units: readonly UnitSeries[], what = 'units'): { settings: number; sensors: number } {
  if (units.length === 0) throw new MlError('ML_BAD_INPUT', `${what}: no unit series`);
  const settings = units[0]!.settings.cols;
  const sensors = units[0]!.sensors.cols;
  for (const u of units) {
    const n = u.cycles.length;
    if (n === 0) throw new MlError('ML_BAD_INPUT', `${what}: unit ${u.unit} has no rows`, { unit: u.unit });
    if (u.settings.rows !== n || u.sensors.rows !== n)
      throw new MlError('ML_BAD_INPUT', `${what}: unit ${u.unit} has ${n} cycles but ${u.settings.rows}/${u.sensors.rows} rows`, {
        unit: u.unit,
      });
    if (u.settings.cols !== settings || u.sensors.cols !== sensors)
      throw new MlError(
        'ML_BAD_INPUT',
        `${what}: unit ${u.unit} is ${u.settings.cols}+${u.sensors.cols} wide, expected ${settings}+${sensors}`,
        {
          unit: u.unit,
        },
      );
    if (u.rulAtEnd !== undefined && !(Number.isFinite(u.rulAtEnd) && u.rulAtEnd >= 0))
      throw new MlError('ML_BAD_INPUT', `${what}: unit ${u.unit} has RUL at end ${u.rulAtEnd}, not a finite value ≥ 0`, { unit: u.unit });
    for (const data of [u.cycles, u.settings.data, u.sensors.data])
      for (let k = 0; k < data.length; k++)
        if (!Number.isFinite(data[k]!))
          throw new MlError('ML_BAD_INPUT', `${what}: unit ${u.unit} holds a non-finite value`, { unit: u.unit });
  }
  return { settings, sensors };
}

/** Stacks one field of every unit vertically (units in the given order), for fitting on all training rows at once. */
export function stackRows(units: readonly UnitSeries[], field: 'settings' | 'sensors'): Matrix {
  const cols = units[0]?.[field].cols ?? 0;
  const rows = units.reduce((s, u) => s + u[field].rows, 0);
  const data = new Float64Array(rows * cols);
  let at = 0;
  for (const u of units) {
    data.set(u[field].data, at);
    at += u[field].data.length;
  }
  return { rows, cols, data };
}
