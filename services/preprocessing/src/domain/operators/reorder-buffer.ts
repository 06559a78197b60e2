import type { InputPoint } from '../point';

export interface HeldPoint extends InputPoint {
  /** Arrived after a sample with a later timestamp. */
  reordered: boolean;
}

export interface ReorderState {
  /** Newest timestamp seen: the event-time watermark is maxTs − latenessMs. */
  maxTs: number | null;
  /** Timestamp of the last sample released downstream (the high-water mark). */
  releasedTs: number | null;
  /** Held samples, in time order. */
  pending: HeldPoint[];
  /** The last released timestamps, to tell a duplicate of a released sample from a late one. */
  recent: number[];
}

/** Released timestamps remembered for duplicate detection; an older repeat counts as late. */
const RECENT = 64;
/** A sensor never holds more samples than this, whatever its timestamps claim (memory and state size). */
const MAX_PENDING = 10_000;

/**
 * Dedupe and bounded reordering on event time. A sample whose timestamp was already accepted is a duplicate (counted,
 * not emitted); one older than the last released sample is late (counted, not emitted: the stream has moved on); any
 * other is held, in time order, until the watermark (newest timestamp − latenessMs) passes it. One that arrived after
 * a later sample is flagged `reordered`. `flush()` releases everything held (a sensor gone quiet).
 */
export class ReorderBuffer {
  duplicates = 0;
  late = 0;
  reordered = 0;

  constructor(
    private readonly latenessMs: number,
    private readonly s: ReorderState = { maxTs: null, releasedTs: null, pending: [], recent: [] },
  ) {}

  get held(): number {
    return this.s.pending.length;
  }

  push(points: readonly InputPoint[], out: HeldPoint[]): void {
    const s = this.s;
    for (const p of points) {
      if (this.isDuplicate(p.ts)) {
        this.duplicates++;
        continue;
      }
      if (s.releasedTs !== null && p.ts < s.releasedTs) {
        this.late++;
        continue;
      }
      const reordered = s.maxTs !== null && p.ts < s.maxTs;
      if (reordered) this.reordered++;
      insertSorted(s.pending, { ts: p.ts, value: p.value, quality: p.quality, reordered });
      if (s.maxTs === null || p.ts > s.maxTs) s.maxTs = p.ts;
      this.release(s.maxTs - this.latenessMs, out);
      if (s.pending.length > MAX_PENDING) this.release(s.pending[s.pending.length - MAX_PENDING - 1]!.ts, out);
    }
  }

  flush(out: HeldPoint[]): void {
    if (this.s.pending.length > 0) this.release(Infinity, out);
  }

  snapshot(): ReorderState {
    return this.s;
  }

  private release(upTo: number, out: HeldPoint[]): void {
    const s = this.s;
    let n = 0;
    while (n < s.pending.length && s.pending[n]!.ts <= upTo) n++;
    if (n === 0) return;
    for (const p of s.pending.splice(0, n)) {
      out.push(p);
      s.releasedTs = p.ts;
      s.recent.push(p.ts);
    }
    if (s.recent.length > RECENT) s.recent.splice(0, s.recent.length - RECENT);
  }

  private isDuplicate(ts: number): boolean {
    const s = this.s;
    if (s.recent.includes(ts)) return true;
    return binarySearch(s.pending, ts) >= 0;
  }
}

function binarySearch(a: readonly HeldPoint[], ts: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = a[mid]!.ts;
    if (t === ts) return mid;
    if (t < ts) lo = mid + 1;
    else hi = mid - 1;
  }
  return -(lo + 1);
}

function insertSorted(a: HeldPoint[], p: HeldPoint): void {
  if (a.length === 0 || a[a.length - 1]!.ts < p.ts) {
    a.push(p);
    return;
  }
  a.splice(-(binarySearch(a, p.ts) + 1), 0, p);
}
