import { MlError } from '../errors';
import type { UnitSeries } from './series';

/** C-MAPSS column names after `unit` and `cycle`: three operating settings, then sensors s1..s21. */
export const CMAPSS_SETTINGS = ['op1', 'op2', 'op3'] as const;
export const CMAPSS_SENSORS: readonly string[] = Array.from({ length: 21 }, (_, j) => `s${j + 1}`);
const COLUMNS = 2 + CMAPSS_SETTINGS.length + CMAPSS_SENSORS.length;

/**
 * Parses a C-MAPSS `train_FD00X.txt` / `test_FD00X.txt` (NASA PCoE turbofan data): whitespace-separated, no header,
 * 26 numbers a line (`unit cycle op1 op2 op3 s1..s21`), trailing blanks and blank lines ignored. Text in, series out
 * (no I/O): one `UnitSeries` per unit in file order. Fails with ML_BAD_INPUT naming the line on a row that is not 26
 * finite numbers, a unit that is not a positive integer or reappears after another, or a cycle that does not increase.
 */
export function parseCmapss(text: string): UnitSeries[] {
  const blocks: { unit: number; rows: number[][] }[] = [];
  const seen = new Set<number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const cells = line.split(/\s+/);
    if (cells.length !== COLUMNS) throw lineError(i + 1, `${cells.length} values, expected ${COLUMNS}`);
    const values = cells.map((c) => readNumber(c, i + 1));
    const [unit, cycle] = values as [number, number];
    if (!Number.isInteger(unit) || unit < 1) throw lineError(i + 1, `unit ${unit} is not a positive integer`);
    const last = blocks[blocks.length - 1];
    if (last?.unit !== unit) {
      if (seen.has(unit)) throw lineError(i + 1, `unit ${unit} reappears after other units`);
      seen.add(unit);
      blocks.push({ unit, rows: [values] });
      return;
    }
    const previous = last.rows[last.rows.length - 1]![1]!;
    if (!(cycle > previous)) throw lineError(i + 1, `cycle ${cycle} of unit ${unit} does not follow cycle ${previous}`);
    last.rows.push(values);
  });
  if (blocks.length === 0) throw new MlError('ML_BAD_INPUT', 'C-MAPSS: no data line');
  return blocks.map(({ unit, rows }) => toSeries(unit, rows));
}

/**
 * Parses `RUL_FD00X.txt`: one non-negative integer a line, the true RUL after the last cycle of test unit 1..N in
 * order. Fails with ML_BAD_INPUT naming the line.
 */
export function parseCmapssRul(text: string): Float64Array {
  const values: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const v = readNumber(line, i + 1);
    if (!Number.isInteger(v) || v < 0) throw lineError(i + 1, `RUL ${line} is not a non-negative integer`);
    values.push(v);
  });
  if (values.length === 0) throw new MlError('ML_BAD_INPUT', 'C-MAPSS RUL: no value');
  return Float64Array.from(values);
}

/**
 * Pairs test units with the RUL file: the i-th value belongs to the i-th unit of the test file. Fails with
 * ML_BAD_INPUT when the counts differ (the usual sign of mixing subsets).
 */
export function testTruth(units: readonly UnitSeries[], rul: ArrayLike<number>): Map<number, number> {
  if (units.length !== rul.length)
    throw new MlError('ML_BAD_INPUT', `${units.length} test units but ${rul.length} RUL values`, { units: units.length, rul: rul.length });
  return new Map(units.map((u, i) => [u.unit, rul[i]!]));
}

function toSeries(unit: number, rows: number[][]): UnitSeries {
  const n = rows.length;
  const p = CMAPSS_SETTINGS.length;
  const d = CMAPSS_SENSORS.length;
  const cycles = new Float64Array(n);
  const settings = new Float64Array(n * p);
  const sensors = new Float64Array(n * d);
  rows.forEach((r, i) => {
    cycles[i] = r[1]!;
    for (let j = 0; j < p; j++) settings[i * p + j] = r[2 + j]!;
    for (let j = 0; j < d; j++) sensors[i * d + j] = r[2 + p + j]!;
  });
  return { unit, cycles, settings: { rows: n, cols: p, data: settings }, sensors: { rows: n, cols: d, data: sensors } };
}

function readNumber(cell: string, line: number): number {
  const v = Number(cell);
  if (!Number.isFinite(v)) throw lineError(line, `"${cell}" is not a finite number`);
  return v;
}

function lineError(line: number, reason: string): MlError {
  return new MlError('ML_BAD_INPUT', `C-MAPSS line ${line}: ${reason}`, { line });
}
