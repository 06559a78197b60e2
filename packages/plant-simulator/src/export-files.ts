import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import type { AssetHistory } from './export';

export type ExportFormat = 'csv' | 'parquet' | 'both';

export const HISTORY_COLUMNS = ['ts', 'asset_id', 'sensor_id', 'value', 'quality', 'health', 'rul_minutes', 'failure_mode', 'run'] as const;

export interface WrittenFile {
  assetId: string;
  file: string;
  rows: number;
}

/** RFC 4180: quote a field only when it holds a separator, a quote or a line break. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** ts as ISO 8601 UTC, null as an empty field: what pandas.read_csv(parse_dates=['ts']) expects. */
export function historyToCsv(h: AssetHistory): string {
  const lines = [HISTORY_COLUMNS.join(',')];
  for (let i = 0; i < h.ts.length; i++) {
    lines.push(
      [
        new Date(h.ts[i]!).toISOString(), h.assetId, h.sensorId[i]!, h.value[i]!, h.quality[i]!,
        h.health[i]!, h.rulMinutes[i]!, h.failureMode[i]!, h.run[i]!,
      ].map(csvField).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** ts as TIMESTAMP(MILLIS); value, rul_minutes and failure_mode nullable; Snappy-compressed. */
export function writeHistoryParquet(filename: string, h: AssetHistory): void {
  parquetWriteFile({
    filename,
    columnData: [
      { name: 'ts', data: h.ts, type: 'TIMESTAMP', nullable: false },
      { name: 'asset_id', data: h.ts.map(() => h.assetId), type: 'STRING', nullable: false },
      { name: 'sensor_id', data: h.sensorId, type: 'STRING', nullable: false },
      { name: 'value', data: h.value, type: 'DOUBLE' },
      { name: 'quality', data: h.quality, type: 'STRING', nullable: false },
      { name: 'health', data: h.health, type: 'DOUBLE', nullable: false },
      { name: 'rul_minutes', data: h.rulMinutes, type: 'DOUBLE' },
      { name: 'failure_mode', data: h.failureMode, type: 'STRING' },
      { name: 'run', data: h.run, type: 'INT32', nullable: false },
    ],
  });
}

/** Writes <dir>/<asset>.csv and/or <dir>/<asset>.parquet for each history. */
export async function writeHistories(dir: string, histories: readonly AssetHistory[], format: ExportFormat): Promise<WrittenFile[]> {
  await mkdir(dir, { recursive: true });
  const written: WrittenFile[] = [];
  for (const h of histories) {
    const base = path.join(dir, h.assetId.replace(/[^\w.-]/g, '_'));
    if (format !== 'parquet') {
      await writeFile(`${base}.csv`, historyToCsv(h));
      written.push({ assetId: h.assetId, file: `${base}.csv`, rows: h.ts.length });
    }
    if (format !== 'csv') {
      writeHistoryParquet(`${base}.parquet`, h);
      written.push({ assetId: h.assetId, file: `${base}.parquet`, rows: h.ts.length });
    }
  }
  return written;
}
