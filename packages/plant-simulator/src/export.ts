import type { HealthState } from './degradation';
import { TRAINING_FAILURES, type FailureSpec } from './failure-modes';
import { createPlant } from './plant';

export interface RunToFailureOptions {
  seed?: number;
  /** Degrade → fail → repair cycles to record per degrading asset. */
  runs?: number;
  samplingHz?: number;
  /** Which assets degrade and how; one asset per failure mode by default (TRAINING_FAILURES). */
  failures?: readonly FailureSpec[];
  /** Simulated epoch ms of the first sample; a fixed date by default so exports are reproducible. */
  startTime?: number;
}

/** One asset's history as columns (ts, asset_id, sensor_id, value, quality, health, rul_minutes, failure_mode, run). */
export interface AssetHistory {
  assetId: string;
  ts: number[];
  sensorId: string[];
  value: (number | null)[];
  quality: string[];
  health: number[];
  rulMinutes: (number | null)[];
  failureMode: (string | null)[];
  run: number[];
  /** Epoch ms of the first sample taken in the failed state, one per run. */
  failureTimes: number[];
}

interface Tracker {
  history: AssetHistory;
  lastState: HealthState;
  done: boolean;
}

const MINUTE = 60_000;
export const DEFAULT_EXPORT_START = Date.UTC(2026, 0, 5, 6, 0, 0);

const emptyHistory = (assetId: string): AssetHistory => ({
  assetId, ts: [], sensorId: [], value: [], quality: [], health: [], rulMinutes: [], failureMode: [], run: [], failureTimes: [],
});

/**
 * Simulates only the degrading assets, an hour of plant time per step and no wall clock, until
 * each has been through `runs` full cycles. A run is one cycle: healthy running, degradation,
 * failure (RUL 0), repair; it ends when the asset is restored. Same seed, same histories.
 */
export function simulateRunToFailure(options: RunToFailureOptions = {}): AssetHistory[] {
  const { seed = 42, runs = 3, samplingHz, failures = TRAINING_FAILURES, startTime = DEFAULT_EXPORT_START } = options;
  if (!(Number.isInteger(runs) && runs > 0)) throw new RangeError(`runs must be a positive integer, got ${runs}`);
  if (failures.length === 0) throw new RangeError('nothing to export: no failure is configured');
  const plant = createPlant({
    seed, startTime, failures, accel: 1, assets: failures.map((f) => f.assetId), ...(samplingHz === undefined ? {} : { samplingHz }),
  });
  const trackers = new Map<string, Tracker>(failures.map((f) => [f.assetId, { history: emptyHistory(f.assetId), lastState: 'running', done: false }]));
  // Later cycles last up to 120 % as long (degradation.ts): a run can never exceed this.
  const longest = Math.max(...failures.map((f) => 1.2 * (f.failureMinutes ?? 240) + (f.repairMinutes ?? 30)));
  const horizon = startTime + (runs * longest + 60) * MINUTE;

  for (let t = startTime; [...trackers.values()].some((x) => !x.done); t += 60 * MINUTE) {
    if (t > horizon) throw new Error(`run-to-failure export did not complete ${runs} runs by ${new Date(horizon).toISOString()}`);
    for (const r of plant.step(t)) {
      const tracker = trackers.get(r.assetId);
      if (!tracker || tracker.done) continue;
      const truth = plant.groundTruth(r.assetId, r.ts);
      const { history } = tracker;
      const wasDown = tracker.lastState === 'failed' || tracker.lastState === 'repair';
      const isDown = truth.state === 'failed' || truth.state === 'repair';
      if (wasDown && !isDown) {
        // Restored: the run is complete; the next sample opens the next one.
        if (history.failureTimes.length >= runs) {
          tracker.done = true;
          continue;
        }
      }
      if (isDown && !wasDown) history.failureTimes.push(r.ts);
      tracker.lastState = truth.state;
      history.ts.push(r.ts);
      history.sensorId.push(r.sensorId);
      history.value.push(r.value);
      history.quality.push(r.quality);
      history.health.push(truth.health);
      history.rulMinutes.push(truth.rulMinutes);
      history.failureMode.push(truth.failureMode);
      // Rows of a cycle belong to the failure that ends it; repair rows to the failure before.
      history.run.push(history.failureTimes.length - (isDown ? 1 : 0));
    }
  }
  return [...trackers.values()].map((x) => x.history);
}
