import { DEFAULT_SAMPLING_HZ, type AssetSpec, type Reading, type SensorSpec } from './catalog';
import type { DegradationOptions, HealthState } from './degradation';
import { FAILURE_MODE_PROFILES, type FailureMode, type FailureSpec } from './failure-modes';
import { buildAssetRuntimes, type AssetRuntime } from './plant-assets';
import { createRng, deriveSeed, type Rng } from './random';
import { sample } from './sensor-model';
import { HEALTHY, signatureOf } from './signatures';

export interface PlantOptions {
  seed?: number;
  /** Simulated seconds per wall second; used by the servers that drive the plant in real time. */
  accel?: number;
  /** Simulated epoch ms of the first sample. */
  startTime?: number;
  /** Sampling rate of every sensor, in simulated Hz. */
  samplingHz?: number;
  /** Simulate only these assets (ids of the demo layout); all of them by default. */
  assets?: readonly string[];
  /** Which assets degrade, how and when. Replaces the defaults (DEFAULT_FAILURES); [] for none. */
  failures?: readonly FailureSpec[];
  /** Without `failures`: the asset given the default bearing wear (P-101). */
  degradingAssetId?: string;
  /** Without `failures`: timing of that bearing wear. */
  degradation?: DegradationOptions;
}

export interface GroundTruth {
  health: number;
  /** Minutes to failure for a degrading asset (0 while down), null for assets that never fail. */
  rulMinutes: number | null;
  state: HealthState;
  /** The mode wearing the asset while degrading, failed or under repair; null while healthy. */
  failureMode: FailureMode | null;
}

export type ReadingsListener = (readings: readonly Reading[]) => void;

export interface Plant {
  readonly seed: number;
  readonly accel: number;
  readonly startTime: number;
  catalog(): AssetSpec[];
  /** Every sample due in (previous step, toSimTimeMs], ordered by timestamp. */
  step(toSimTimeMs: number): Reading[];
  /** The hidden truth a detector or RUL model is scored against; `at` defaults to simTime(). */
  groundTruth(assetId: string, at?: number): GroundTruth;
  simTime(): number;
  /** The failures this plant simulates (resolved defaults included). */
  failures(): FailureSpec[];
  /** Newest reading of a sensor produced by step(), whoever called it. */
  latest(sensorId: string): Reading | undefined;
  /**
   * Sees every batch step() returns, whoever drives the plant: one clock, many servers.
   * Listeners must not throw. Returns the unsubscribe function.
   */
  onReadings(listener: ReadingsListener): () => void;
}

interface SensorRuntime {
  asset: AssetRuntime;
  spec: SensorSpec;
  rng: Rng;
  periodMs: number;
  nextIndex: number;
}

const MINUTE = 60_000;

function measure(sensor: SensorRuntime, ts: number): Reading {
  const { asset, spec } = sensor;
  const op = asset.operating(ts);
  const snap = asset.failure?.schedule.at(ts) ?? null;
  const mode = asset.failure?.mode ?? null;
  const { value, quality } = sample(
    {
      kind: spec.kind,
      asset: asset.layout,
      op,
      signature: snap ? signatureOf(mode, 1 - snap.health) : HEALTHY,
      damage: snap ? 1 - snap.health : 0,
      state: snap?.state ?? 'running',
      blindsVibration: mode !== null && FAILURE_MODE_PROFILES[mode].blindsVibration,
      minutesSinceTrip: snap ? (ts - snap.failureAt) / MINUTE : 0,
      opAtTrip: snap ? asset.operating(snap.failureAt) : op,
      signatureAtTrip: signatureOf(mode, 1),
    },
    sensor.rng,
  );
  const clamped = value === null ? null : Math.min(spec.max, Math.max(spec.min, value));
  return { assetId: asset.spec.id, sensorId: spec.id, ts, value: clamped, unit: spec.unit, quality };
}

/** The demo plant: deterministic for a given seed, whatever the chunking of step() calls. */
export function createPlant(options: PlantOptions = {}): Plant {
  const { seed = 42, accel = 60, startTime = Date.now(), samplingHz = DEFAULT_SAMPLING_HZ } = options;
  if (!(accel > 0) || !(samplingHz > 0)) throw new RangeError('accel and samplingHz must be > 0');
  const { runtimes, failures } = buildAssetRuntimes({ ...options, seed, startTime, samplingHz });
  const byId = new Map(runtimes.map((r) => [r.spec.id, r]));
  // Each sensor draws noise from its own stream: adding an asset never shifts another's noise.
  const sensors: SensorRuntime[] = runtimes.flatMap((asset) =>
    asset.spec.sensors.map((spec) => ({ asset, spec, rng: createRng(deriveSeed(seed, spec.id)), periodMs: 1000 / spec.samplingHz, nextIndex: 0 })),
  );
  const latest = new Map<string, Reading>();
  const listeners = new Set<ReadingsListener>();
  let now = startTime;

  const groundTruth = (assetId: string, at: number = now): GroundTruth => {
    const asset = byId.get(assetId);
    if (!asset) throw new RangeError(`unknown asset ${assetId}`);
    if (!asset.failure) return { health: 1, rulMinutes: null, state: 'running', failureMode: null };
    const { health, rulMinutes, state } = asset.failure.schedule.at(at);
    return { health, rulMinutes, state, failureMode: state === 'running' ? null : asset.failure.mode };
  };

  return {
    seed,
    accel,
    startTime,
    catalog: () => runtimes.map((r) => structuredClone(r.spec)),
    simTime: () => now,
    groundTruth,
    failures: () => failures.map((f) => ({ ...f })),
    latest: (sensorId) => latest.get(sensorId),
    onReadings(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    step(toSimTimeMs) {
      const readings: Reading[] = [];
      for (const sensor of sensors) {
        for (;;) {
          const ts = Math.round(startTime + sensor.nextIndex * sensor.periodMs);
          if (ts > toSimTimeMs) break;
          readings.push(measure(sensor, ts));
          sensor.nextIndex++;
        }
      }
      now = Math.max(now, toSimTimeMs);
      // Stable sort: equal timestamps keep catalog order, so output is reproducible.
      readings.sort((a, b) => a.ts - b.ts);
      for (const r of readings) latest.set(r.sensorId, r);
      if (readings.length > 0) for (const listener of listeners) listener(readings);
      return readings;
    },
  };
}
