import type { SensorDataPayload } from '@vigie/contracts';

/** Shortest wall-clock gap between two sensor-data messages of one (asset, sensor) on the socket: ≤ 2 Hz. */
export const SENSOR_RELAY_INTERVAL_MS = 500;

/**
 * Thins raw sensor batches for /ws/monitoring: per (asset, sensor), at most one message per interval of wall time,
 * carrying the latest sample received (a live chart wants the current value, not kHz waveforms). A batch arriving
 * too soon is held as the pending value and released by `due()` once its interval is over, so the last value of a
 * burst is never stuck. Pure: the caller passes the clock and runs the timer.
 */
export class SensorDecimator {
  readonly #lastSent = new Map<string, number>();
  readonly #pending = new Map<string, SensorDataPayload>();

  constructor(private readonly intervalMs = SENSOR_RELAY_INTERVAL_MS) {}

  /** The payload to relay now (one sample), or null when it was held for later. */
  offer(payload: SensorDataPayload, now: number): SensorDataPayload | null {
    const key = `${payload.assetId}\u0000${payload.sensorId}`;
    const latest = latestSample(payload);
    const last = this.#lastSent.get(key);
    if (last === undefined || now - last >= this.intervalMs) {
      this.#lastSent.set(key, now);
      this.#pending.delete(key);
      return latest;
    }
    this.#pending.set(key, latest);
    return null;
  }

  /** Held payloads whose interval is over, removed from the pending set. */
  due(now: number): SensorDataPayload[] {
    const out: SensorDataPayload[] = [];
    for (const [key, payload] of this.#pending) {
      if (now - (this.#lastSent.get(key) ?? 0) < this.intervalMs) continue;
      this.#pending.delete(key);
      this.#lastSent.set(key, now);
      out.push(payload);
    }
    return out;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }
}

function latestSample(payload: SensorDataPayload): SensorDataPayload {
  let latest = payload.samples[0];
  for (const s of payload.samples) if (latest === undefined || s.ts >= latest.ts) latest = s;
  return latest === undefined || payload.samples.length === 1 ? payload : { ...payload, samples: [latest] };
}
