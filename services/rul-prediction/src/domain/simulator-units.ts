import type { UnitSeries } from '@vigie/ml';
import { extractFeatures } from '@vigie/signal';

/** Time-domain features (feature-extraction's `time` family) kept per sensor: level and spread of each window. */
export const SIMULATOR_FEATURES = ['rms', 'std'] as const;
/** Fewer samples than this in a sensor's window (feature-extraction's default minimum): the window is left out. */
const MIN_SAMPLES = 2;

/** One degrading asset's run-to-failure history, as `simulateRunToFailure` returns it (the fields read here). */
export interface SimulatedHistory {
  assetId: string;
  ts: readonly number[];
  sensorId: readonly string[];
  value: readonly (number | null)[];
  run: readonly number[];
  /** First sample of each run in a failed state (epoch ms). */
  failureTimes: readonly number[];
  /** Ground-truth minutes to the failure at each sample (the simulator's export carries it). */
  rulMinutes?: readonly (number | null)[];
}

/** What a simulator source's rows are: columns, window length, and which assets (and their types) it covers. */
export interface WindowedRows {
  windowSeconds: number;
  /** `<sensor kind>.<feature>`, in row order. */
  columns: string[];
  assets: string[];
  assetTypes: string[];
}

/** The sensor kind of a sensor id `<asset id>.<kind>` (the simulator's and ingestion's convention). */
export function sensorKind(assetId: string, sensorId: string): string {
  return sensorId.startsWith(`${assetId}.`) ? sensorId.slice(assetId.length + 1) : sensorId;
}

export const columnName = (kind: string, feature: string): string => `${kind}.${feature}`;

/**
 * Training units from run-to-failure histories: each asset's samples of one run, up to its failure, cut into tumbling
 * windows [k·L, (k+1)·L) aligned on multiples of the window length (as feature-extraction cuts them); per window and
 * sensor the `time` features of @vigie/signal's extractFeatures (feature-extraction's function), `SIMULATOR_FEATURES`
 * of each sensor kind as the row. Only windows that lie wholly inside the run before its failure and where every sensor
 * has samples are rows. A row's cycle is its window's END in windows, k + 1 (online, a prediction is stamped with the
 * end of its last window), and the unit's `rulAtEnd` is the time from its last window's end to the failure in windows
 * (in [0, 1) plus any trailing windows left out), so every row's target (last cycle − cycle + rulAtEnd) is the exact
 * time from its window's end to the failure. The failure instant is the ground truth's (`ts + rulMinutes` of the run's
 * samples) when the history carries it, else the run's first sample in a failed state. One unit per asset × run;
 * units are numbered from 1 in asset then run order. Assets must share their sensor kinds (the columns are the first
 * asset's).
 */
export function simulatorUnits(histories: readonly SimulatedHistory[], windowSeconds: number): { units: UnitSeries[]; columns: string[] } {
  const L = windowSeconds * 1000;
  const kinds = [...new Set(histories[0]?.sensorId.map((s) => sensorKind(histories[0]!.assetId, s)) ?? [])].sort();
  const columns = kinds.flatMap((k) => SIMULATOR_FEATURES.map((f) => columnName(k, f)));
  const units: UnitSeries[] = [];
  for (const h of histories) {
    // run → window index → kind → values
    const runs = new Map<number, Map<number, Map<string, number[]>>>();
    const runStart = new Map<number, number>();
    /** The exact failure instant of each run, from the ground truth of its last sample before the failure. */
    const failureAt = new Map<number, number>();
    for (let i = 0; i < h.ts.length; i++) {
      const run = h.run[i]!;
      const ts = h.ts[i]!;
      const failure = h.failureTimes[run];
      if (!runStart.has(run)) runStart.set(run, ts);
      if (failure === undefined || ts >= failure) continue; // after the failure: failed, repair
      const rul = h.rulMinutes?.[i];
      if (rul !== null && rul !== undefined && rul > 0) failureAt.set(run, ts + rul * 60_000);
      const v = h.value[i];
      if (v === null || v === undefined) continue;
      let windows = runs.get(run);
      if (!windows) runs.set(run, (windows = new Map()));
      const k = Math.floor(ts / L);
      let byKind = windows.get(k);
      if (!byKind) windows.set(k, (byKind = new Map()));
      const kind = sensorKind(h.assetId, h.sensorId[i]!);
      const list = byKind.get(kind);
      if (list) list.push(v);
      else byKind.set(kind, [v]);
    }
    for (const [run, windows] of [...runs].sort((a, b) => a[0] - b[0])) {
      const failure = failureAt.get(run) ?? h.failureTimes[run]!;
      const first = Math.ceil(runStart.get(run)! / L);
      const last = Math.floor(failure / L) - 1; // the window ending at or before the failure
      const cycles: number[] = [];
      const rows: number[] = [];
      for (let k = first; k <= last; k++) {
        const byKind = windows.get(k);
        if (!byKind || kinds.some((kind) => (byKind.get(kind)?.length ?? 0) < MIN_SAMPLES)) continue;
        cycles.push(k + 1);
        for (const kind of kinds) {
          const values = Float64Array.from(byKind.get(kind)!);
          const features = extractFeatures(values, { fs: values.length / windowSeconds });
          for (const f of SIMULATOR_FEATURES) rows.push(features[f]!);
        }
      }
      if (cycles.length === 0) continue;
      units.push({
        unit: units.length + 1,
        cycles: Float64Array.from(cycles),
        rulAtEnd: failure / L - cycles[cycles.length - 1]!,
        settings: { rows: cycles.length, cols: 0, data: new Float64Array(0) },
        sensors: { rows: cycles.length, cols: columns.length, data: Float64Array.from(rows) },
      });
    }
  }
  return { units, columns };
}
