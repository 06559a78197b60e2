import type { Verdict } from './baseline';

/** A window's span in epoch ms, as carried by `extracted-features`. */
export interface WindowSpan {
  windowStart: number;
  windowEnd: number;
}

interface Streak {
  count: number;
  end: number;
}

/**
 * Alarm persistence per sensor: an anomalous verdict is reported only once the sensor has been anomalous for
 * `windows` windows in a row (each touching or overlapping the previous one), so that a single-window excursion —
 * a load step the feature window straddles, a burst of noise — is no alarm; a critical verdict is reported at once.
 * A normal verdict or a gap between windows starts the count again. The state lives in memory: after a restart the
 * first windows count anew, which delays a report by at most `windows` − 1 windows and never duplicates one.
 */
export class AlarmPersistence {
  private readonly streaks = new Map<string, Streak>();

  constructor(private readonly windows: number) {
    if (!(Number.isInteger(windows) && windows >= 1)) throw new RangeError(`persistence windows ${windows} is not an integer ≥ 1`);
  }

  /** Feeds one scored window of `sensorId` (in window order); true when it is to be reported. */
  admit(sensorId: string, w: WindowSpan, verdict: Pick<Verdict, 'anomalous' | 'criticality'>): boolean {
    if (!verdict.anomalous) {
      this.streaks.delete(sensorId);
      return false;
    }
    const prev = this.streaks.get(sensorId);
    const count = prev && prev.end >= w.windowStart && prev.end < w.windowEnd ? prev.count + 1 : 1;
    this.streaks.set(sensorId, { count, end: w.windowEnd });
    return verdict.criticality === 'critical' || count >= this.windows;
  }
}
