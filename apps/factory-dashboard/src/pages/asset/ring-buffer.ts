/** A chart point: time (epoch ms, plant time) and value; null is a gap (a bad-quality reading), drawn as a break. */
export interface SeriesPoint {
  readonly t: number;
  readonly v: number | null;
}

/**
 * The last `capacity` readings of one sensor, in time order, in two preallocated typed arrays: pushing never
 * allocates, so 50 assets × their sensors at several points a second cost no garbage. A reading not newer than the
 * last one kept is dropped: REST history and the live feed overlap at the seam, and the feed may replay after a
 * reconnect. NaN stands for a gap in the value array.
 */
export class SampleRing {
  private readonly ts: Float64Array;
  private readonly values: Float64Array;
  /** Index of the oldest kept reading. */
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
    this.ts = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the newest reading, or -Infinity when empty. */
  get lastTs(): number {
    return this.count === 0 ? -Infinity : (this.ts[(this.head + this.count - 1) % this.capacity] ?? -Infinity);
  }

  /** Appends a reading; returns false (and keeps nothing) when it is not newer than the newest one kept. */
  push(t: number, v: number | null): boolean {
    if (!(t > this.lastTs)) return false;
    const value = v === null || !Number.isFinite(v) ? Number.NaN : v;
    if (this.count < this.capacity) {
      const i = (this.head + this.count) % this.capacity;
      this.ts[i] = t;
      this.values[i] = value;
      this.count++;
    } else {
      // Full: overwrite the oldest.
      this.ts[this.head] = t;
      this.values[this.head] = value;
      this.head = (this.head + 1) % this.capacity;
    }
    return true;
  }

  /** The readings at or after `since`, oldest first (a new array, for a chart). */
  toPoints(since = -Infinity): SeriesPoint[] {
    const out: SeriesPoint[] = [];
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) % this.capacity;
      const t = this.ts[i] as number;
      if (t < since) continue;
      const v = this.values[i] as number;
      out.push({ t, v: Number.isNaN(v) ? null : v });
    }
    return out;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
