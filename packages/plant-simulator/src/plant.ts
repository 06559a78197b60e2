import { buildCatalog, DEFAULT_SAMPLING_HZ, type AssetSpec, type Reading, type SensorSpec } from './catalog';
import { createDegradationSchedule, type DegradationOptions, type HealthState } from './degradation';
import { createLoadProfile } from './load';
import { createRng, deriveSeed, type Rng } from './random';
import { NOMINAL, sample } from './sensor-model';

export interface PlantOptions {
  seed?: number;
  /** Simulated seconds per wall second; used by the servers that drive the plant in real time. */
  accel?: number;
  /** Simulated epoch ms of the first sample. */
  startTime?: number;
  /** Sampling rate of every sensor, in simulated Hz. */
  samplingHz?: number;
  /** The asset that wears out and fails; the others stay healthy. */
  degradingAssetId?: string;
  degradation?: DegradationOptions;
}

export interface GroundTruth {
  health: number;
  /** Minutes to failure for the degrading asset (0 while down), null for assets that never fail. */
  rulMinutes: number | null;
  state: HealthState;
}

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
}

interface SensorRuntime {
  assetId: string;
  spec: SensorSpec;
  nominal: number;
  rng: Rng;
  periodMs: number;
  nextIndex: number;
}

const MINUTE = 60_000;

/** The demo plant: deterministic for a given seed, whatever the chunking of step() calls. */
export function createPlant(options: PlantOptions = {}): Plant {
  const { seed = 42, accel = 60, startTime = Date.now(), samplingHz = DEFAULT_SAMPLING_HZ } = options;
  const degradingAssetId = options.degradingAssetId ?? 'P-101';
  if (!(accel > 0) || !(samplingHz > 0)) throw new RangeError('accel and samplingHz must be > 0');
  const assets = buildCatalog(samplingHz);
  if (!assets.some((a) => a.id === degradingAssetId)) throw new RangeError(`unknown asset ${degradingAssetId}`);
  const schedule = createDegradationSchedule(startTime, seed, options.degradation);
  const loads = new Map(assets.map((a) => [a.id, createLoadProfile(seed, a.id)]));
  const sensors: SensorRuntime[] = assets.flatMap((asset) =>
    asset.sensors.map((spec) => ({
      assetId: asset.id,
      spec,
      nominal: NOMINAL[asset.id]?.[spec.kind] ?? spec.max / 2,
      rng: createRng(deriveSeed(seed, spec.id)),
      periodMs: 1000 / spec.samplingHz,
      nextIndex: 0,
    })),
  );
  let now = startTime;

  const groundTruth = (assetId: string, at: number = now): GroundTruth => {
    if (!loads.has(assetId)) throw new RangeError(`unknown asset ${assetId}`);
    if (assetId !== degradingAssetId) return { health: 1, rulMinutes: null, state: 'running' };
    const { health, rulMinutes, state } = schedule.at(at);
    return { health, rulMinutes, state };
  };

  const measure = (sensor: SensorRuntime, ts: number): Reading => {
    const load = loads.get(sensor.assetId)!(ts);
    const isDegrading = sensor.assetId === degradingAssetId;
    const snapshot = isDegrading ? schedule.at(ts) : null;
    const { value, quality } = sample(
      {
        kind: sensor.spec.kind,
        nominal: sensor.nominal,
        load,
        damage: snapshot ? 1 - snapshot.health : 0,
        state: snapshot?.state ?? 'running',
        minutesSinceTrip: snapshot ? (ts - snapshot.failureAt) / MINUTE : 0,
        loadAtTrip: snapshot ? loads.get(sensor.assetId)!(snapshot.failureAt) : load,
      },
      sensor.rng,
    );
    const clamped = value === null ? null : Math.min(sensor.spec.max, Math.max(sensor.spec.min, value));
    return { assetId: sensor.assetId, sensorId: sensor.spec.id, ts, value: clamped, unit: sensor.spec.unit, quality };
  };

  return {
    seed,
    accel,
    startTime,
    catalog: () => structuredClone(assets),
    simTime: () => now,
    groundTruth,
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
      return readings.sort((a, b) => a.ts - b.ts);
    },
  };
}
