import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { HISTORY_COLUMNS, simulateRunToFailure, writeHistories, type FailureSpec } from '../src/index';

/** Short lifetimes keep the test fast; the export logic does not depend on their length. */
const FAILURES: FailureSpec[] = [
  { assetId: 'P-101', mode: 'bearing-wear', onsetMinutes: 10, failureMinutes: 60, repairMinutes: 15 },
  { assetId: 'P-102', mode: 'impeller-wear', onsetMinutes: 10, failureMinutes: 90, repairMinutes: 15 },
];
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('run-to-failure export', () => {
  const histories = simulateRunToFailure({ seed: 4, runs: 3, failures: FAILURES, samplingHz: 1 / 30 });

  it('records every requested run of each degrading asset, RUL reaching 0 at each failure', () => {
    expect(histories.map((h) => h.assetId)).toEqual(['P-101', 'P-102']);
    for (const h of histories) {
      expect(h.failureTimes).toHaveLength(3);
      expect(new Set(h.run)).toEqual(new Set([0, 1, 2]));
      for (let run = 0; run < 3; run++) {
        const rows = h.ts.map((_, i) => i).filter((i) => h.run[i] === run);
        const rul = rows.map((i) => h.rulMinutes[i]!);
        expect(Math.min(...rul)).toBe(0);
        // RUL counts down to the failure: non-increasing until the asset trips.
        const untilFailure = rows.filter((i) => h.ts[i]! < h.failureTimes[run]!);
        for (let k = 1; k < untilFailure.length; k++) expect(h.rulMinutes[untilFailure[k]!]!).toBeLessThanOrEqual(h.rulMinutes[untilFailure[k - 1]!]!);
        const atFailure = rows.find((i) => h.ts[i] === h.failureTimes[run])!;
        expect(h.health[atFailure]).toBe(0);
        expect(h.failureMode[atFailure]).toBe(FAILURES.find((f) => f.assetId === h.assetId)!.mode);
      }
    }
  });

  it('is deterministic for a seed', () => {
    const again = simulateRunToFailure({ seed: 4, runs: 3, failures: FAILURES, samplingHz: 1 / 30 });
    expect(again).toEqual(histories);
  });

  it('writes CSV and Parquet files whose rows match the histories', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vigie-export-'));
    dirs.push(dir);
    const files = await writeHistories(dir, histories, 'both');
    expect(files.map((f) => path.basename(f.file)).sort()).toEqual(['P-101.csv', 'P-101.parquet', 'P-102.csv', 'P-102.parquet']);
    for (const h of histories) {
      const csv = (await readFile(path.join(dir, `${h.assetId}.csv`), 'utf8')).trimEnd().split('\n');
      expect(csv[0]).toBe(HISTORY_COLUMNS.join(','));
      expect(csv).toHaveLength(h.ts.length + 1);
      const [ts, asset, sensor] = csv[1]!.split(',');
      expect([Date.parse(ts!), asset, sensor]).toEqual([h.ts[0], h.assetId, h.sensorId[0]]);

      const rows = await parquetReadObjects({ file: await asyncBufferFromFile(path.join(dir, `${h.assetId}.parquet`)) });
      expect(rows).toHaveLength(h.ts.length);
      expect(Object.keys(rows[0]!)).toEqual([...HISTORY_COLUMNS]);
      const failed = h.failureTimes.map((t) => rows.find((r) => (r.ts as Date).getTime() === t)!);
      expect(failed.map((r) => r.rul_minutes)).toEqual([0, 0, 0]);
      const i = h.value.findIndex((v) => v === null);
      if (i >= 0) expect(rows[i]!.value).toBeNull();
      expect(rows[5]).toMatchObject({ sensor_id: h.sensorId[5], value: h.value[5], run: h.run[5], health: h.health[5] });
    }
  });

  it('refuses a run count that is not a positive integer', () => {
    expect(() => simulateRunToFailure({ runs: 0 })).toThrow(RangeError);
  });
});
