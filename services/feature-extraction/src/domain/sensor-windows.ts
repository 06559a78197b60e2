/** Where a message sits on the bus: the commit may not pass a message a window still needs. */
export interface Position {
  partition: number;
  offset: string;
}

/** Windows [k·hop, k·hop + length) for integer k ≥ 0; tumbling when hop = length. */
export interface Geometry {
  lengthMs: number;
  hopMs: number;
}

export interface BufferedSample {
  ts: number;
  value: number;
  /** No preprocessing flag. */
  clean: boolean;
  position: Position;
}

/** A decided window with enough samples, in time order. */
export interface RawWindow {
  start: number;
  end: number;
  ts: Float64Array;
  values: Float64Array;
  cleanCount: number;
}

export const sameGeometry = (a: Geometry, b: Geometry) => a.lengthMs === b.lengthMs && a.hopMs === b.hopMs;
export const alignUp = (t: number, hopMs: number) => Math.ceil(t / hopMs) * hopMs;
/** The start of the earliest window that contains t. */
export const firstStartContaining = (t: number, g: Geometry) => (Math.floor((t - g.lengthMs) / g.hopMs) + 1) * g.hopMs;

const COMPACT_AFTER = 1024;

/**
 * One sensor's windows. Samples are kept from the start of the earliest undecided window (`next`) on, so that window
 * and every later one can be cut whole; a window is decided when a sample at or after its end arrives. Samples must
 * come in strictly increasing time (preprocessing guarantees it per sensor): a repeat is a redelivery and is dropped.
 * No window starts before `floor` (restored after a restart or set by a geometry change; a multiple of the hop).
 */
export class SensorWindows {
  private ts: number[] = [];
  private values: number[] = [];
  private clean: boolean[] = [];
  private positions: Position[] = [];
  private head = 0;
  private lastTs = -Infinity;
  /** Start of the earliest undecided window; undefined until the first sample at or after `floor`. */
  private nextStart: number | undefined;
  /** Time of the first sample this instance saw (ignored ones included). */
  firstSeen: number | undefined;

  constructor(
    readonly geometry: Geometry,
    readonly floor: number,
    /** End of the newest window already emitted (this process or, restored, a previous one). */
    public lastEmittedEnd: number | undefined = undefined,
  ) {}

  get next(): number | undefined {
    return this.nextStart;
  }

  /** The message of the oldest sample still needed, if any. */
  get firstPosition(): Position | undefined {
    return this.head < this.ts.length ? this.positions[this.head] : undefined;
  }

  /** Samples still needed, oldest first (handed to the windows of a new geometry). */
  *buffered(): Generator<BufferedSample> {
    for (let i = this.head; i < this.ts.length; i++)
      yield { ts: this.ts[i]!, value: this.values[i]!, clean: this.clean[i]!, position: this.positions[i]! };
  }

  /** Adds one sample; returns the windows it decided that hold at least `minSamples` samples. */
  add(s: BufferedSample, minSamples: number): RawWindow[] {
    this.firstSeen ??= s.ts;
    if (s.ts <= this.lastTs) return [];
    this.lastTs = s.ts;
    if (s.ts < this.floor) return [];
    const { lengthMs, hopMs } = this.geometry;
    const out: RawWindow[] = [];
    let next = this.nextStart ?? Math.max(this.floor, firstStartContaining(s.ts, this.geometry));
    while (next + lengthMs <= s.ts) {
      if (this.head === this.ts.length) {
        next = Math.max(this.floor, firstStartContaining(s.ts, this.geometry));
        break;
      }
      const first = this.ts[this.head]!;
      if (first >= next + lengthMs) {
        next = Math.max(this.floor, firstStartContaining(first, this.geometry)); // skip the empty windows of a gap
        continue;
      }
      const w = this.cut(next, next + lengthMs, minSamples);
      if (w) out.push(w);
      next += hopMs;
      this.evictBefore(next);
    }
    this.nextStart = next;
    this.ts.push(s.ts);
    this.values.push(s.value);
    this.clean.push(s.clean);
    this.positions.push(s.position);
    return out;
  }

  private cut(start: number, end: number, minSamples: number): RawWindow | null {
    let n = 0;
    while (this.head + n < this.ts.length && this.ts[this.head + n]! < end) n++;
    if (n < minSamples) return null;
    const ts = new Float64Array(n);
    const values = new Float64Array(n);
    let cleanCount = 0;
    for (let i = 0; i < n; i++) {
      ts[i] = this.ts[this.head + i]!;
      values[i] = this.values[this.head + i]!;
      if (this.clean[this.head + i]) cleanCount++;
    }
    this.lastEmittedEnd = end;
    return { start, end, ts, values, cleanCount };
  }

  private evictBefore(t: number): void {
    while (this.head < this.ts.length && this.ts[this.head]! < t) this.head++;
    if (this.head > COMPACT_AFTER && this.head * 2 > this.ts.length) {
      for (const a of [this.ts, this.values, this.clean, this.positions] as unknown[][]) a.splice(0, this.head);
      this.head = 0;
    }
  }
}
