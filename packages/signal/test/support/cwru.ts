import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** CWRU 12 kHz drive-end 0 hp set, at ../shared/datasets beside the repository root (CI copies shared/ there). */
export const CWRU_DIR = fileURLToPath(new URL('../../../../../shared/datasets/cwru_12k_de_0hp/', import.meta.url));

export interface CwruRecording {
  file: string;
  faultLocation: string;
  rpm: number;
  fs: number;
}

function requireDataset(): void {
  if (!existsSync(`${CWRU_DIR}labels.csv`)) {
    throw new Error(`CWRU dataset not found at ${CWRU_DIR} (expected ../shared/datasets/cwru_12k_de_0hp beside the repo)`);
  }
}

export function cwruLabels(): CwruRecording[] {
  requireDataset();
  const [header, ...rows] = readFileSync(`${CWRU_DIR}labels.csv`, 'utf8').trim().split('\n');
  const cols = header!.split(',');
  const at = (row: string[], name: string): string => row[cols.indexOf(name)]!;
  return rows.map((line) => {
    const row = line.split(',');
    return { file: at(row, 'file'), faultLocation: at(row, 'fault_location'), rpm: Number(at(row, 'rpm')), fs: Number(at(row, 'fs_hz')) };
  });
}

export function cwruSignal(file: string): Float64Array {
  requireDataset();
  const lines = readFileSync(`${CWRU_DIR}${file}`, 'utf8').trim().split('\n');
  if (lines[0] !== 'DE_time') throw new Error(`${file}: expected header DE_time, got ${lines[0]}`);
  return Float64Array.from(lines.slice(1), Number);
}
