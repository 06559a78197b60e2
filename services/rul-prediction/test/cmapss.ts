import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCmapss, parseCmapssRul, type UnitSeries } from '@vigie/ml';

/** NASA C-MAPSS at ../shared/datasets beside the repository root (as packages/ml's tests find it); read in place. */
export const CMAPSS_DIR = fileURLToPath(new URL('../../../../shared/datasets/cmapss/', import.meta.url));

export function cmapssText(file: string): string {
  const path = `${CMAPSS_DIR}${file}`;
  if (!existsSync(path)) throw new Error(`C-MAPSS file not found at ${path} (expected ../shared/datasets/cmapss beside the repo)`);
  return readFileSync(path, 'utf8');
}

/** The lines of the first `units` units of a C-MAPSS file (units are numbered from 1 in file order). */
export function firstUnits(text: string, units: number): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && Number(line.trim().split(/\s+/)[0]) <= units)
    .join('\n');
}

/** Test units of FD001 with the true RUL after their last cycle. */
export function fd001Test(): { units: UnitSeries[]; rul: Float64Array } {
  return { units: parseCmapss(cmapssText('test_FD001.txt')), rul: parseCmapssRul(cmapssText('RUL_FD001.txt')) };
}

/** The body of a series prediction for one unit. */
export function seriesBody(source: string, u: UnitSeries) {
  const rows = (m: UnitSeries['sensors']) =>
    Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return { source, cycles: Array.from(u.cycles), settings: rows(u.settings), sensors: rows(u.sensors) };
}
