import { MlError } from '../errors';
import type { Matrix } from '../linalg/matrix';

/**
 * SKAB's CSV layout (waico/SKAB `data/<folder>/*.csv`): `;`-separated, a header line, `datetime` first, then numeric
 * sensor columns, then optionally `anomaly` and `changepoint` (0/1, written `0.0`/`1.0`). Text in, arrays out: the
 * package does no I/O, so callers read the file.
 */
export interface SkabTable {
  /** Sensor column names, in file order (label columns excluded). */
  readonly sensors: readonly string[];
  readonly datetime: readonly string[];
  /** rows × sensors. */
  readonly values: Matrix;
  /** 0/1 per row, or undefined when the file has no `anomaly` column (anomaly-free.csv). */
  readonly anomaly: Uint8Array | undefined;
  readonly changepoint: Uint8Array | undefined;
}

const LABELS = ['anomaly', 'changepoint'] as const;

/** Parses one SKAB file. Fails with ML_BAD_INPUT naming the line on a ragged row, a non-number or a label not 0/1. */
export function parseSkabCsv(text: string): SkabTable {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0]?.split(';') ?? [];
  if (header[0] !== 'datetime') throw new MlError('ML_BAD_INPUT', 'SKAB CSV: the first column is not "datetime"');
  const labelAt = LABELS.map((l) => header.indexOf(l));
  const sensorAt = header.map((_, j) => j).filter((j) => j > 0 && !labelAt.includes(j));
  if (sensorAt.length === 0) throw new MlError('ML_BAD_INPUT', 'SKAB CSV: no sensor columns');
  const n = lines.length - 1;
  const values = new Float64Array(n * sensorAt.length);
  const labels = labelAt.map((j) => (j >= 0 ? new Uint8Array(n) : undefined));
  const datetime: string[] = [];
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1]!.split(';');
    if (cells.length !== header.length) throw lineError(i + 2, `${cells.length} cells, expected ${header.length}`);
    datetime.push(cells[0]!);
    sensorAt.forEach((j, c) => (values[i * sensorAt.length + c] = readNumber(cells[j]!, i + 2)));
    labelAt.forEach((j, k) => {
      if (j < 0) return;
      const v = readNumber(cells[j]!, i + 2);
      if (v !== 0 && v !== 1) throw lineError(i + 2, `${header[j]} is ${v}, expected 0 or 1`);
      labels[k]![i] = v;
    });
  }
  return {
    sensors: sensorAt.map((j) => header[j]!),
    datetime,
    values: { rows: n, cols: sensorAt.length, data: values },
    anomaly: labels[0],
    changepoint: labels[1],
  };
}

/** One scored sample of a predictions file. */
export interface PredictionRow {
  readonly file: string;
  readonly datetime: string;
  readonly score: number;
  readonly anomaly: 0 | 1;
}

export const PREDICTIONS_HEADER = 'file,datetime,score,anomaly';

/** `file,datetime,score,anomaly` lines (no header); a field holding `,`, `"` or a newline is quoted. */
export function formatPredictionRows(rows: readonly PredictionRow[]): string {
  return rows.map((r) => `${quote(r.file)},${quote(r.datetime)},${r.score},${r.anomaly}`).join('\n');
}

/** Reads a predictions file written by `formatPredictionRows` (with the header line). Fails with ML_BAD_INPUT. */
export function parsePredictionRows(text: string): PredictionRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines[0] !== PREDICTIONS_HEADER) throw new MlError('ML_BAD_INPUT', `predictions CSV: header is not "${PREDICTIONS_HEADER}"`);
  return lines.slice(1).map((line, i) => {
    const cells = splitQuoted(line);
    if (cells.length !== 4) throw lineError(i + 2, `${cells.length} cells, expected 4`);
    const score = readNumber(cells[2]!, i + 2);
    const anomaly = readNumber(cells[3]!, i + 2);
    if (anomaly !== 0 && anomaly !== 1) throw lineError(i + 2, `anomaly is ${anomaly}`);
    return { file: cells[0]!, datetime: cells[1]!, score, anomaly };
  });
}

function quote(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function splitQuoted(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    const ch = line[k]!;
    if (quoted && ch === '"' && line[k + 1] === '"') {
      cell += '"';
      k++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

function readNumber(cell: string, line: number): number {
  const v = cell.trim() === '' ? NaN : Number(cell);
  if (!Number.isFinite(v)) throw lineError(line, `"${cell}" is not a finite number`);
  return v;
}

function lineError(line: number, reason: string): MlError {
  return new MlError('ML_BAD_INPUT', `CSV line ${line}: ${reason}`, { line });
}
