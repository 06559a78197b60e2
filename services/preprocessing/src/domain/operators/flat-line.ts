import { addFlag, type Point } from '../point';

export interface FlatLineOptions {
  /** A run this long (or longer) is a stuck sensor. */
  samples: number;
  /** Largest max − min spread of a run. */
  epsilon: number;
}

export interface FlatLineState {
  /** Points of the current run not emitted yet (the run is shorter than `samples`). */
  held: Point[];
  /** Length of the current run, emitted points included. */
  length: number;
  min: number;
  max: number;
}

/**
 * Stuck / flat-line detection: `samples` or more consecutive measured readings whose spread stays within `epsilon`
 * are all flagged `flat_line` (values kept). A point that could start or extend a run is held until the run either
 * breaks (released unflagged) or reaches `samples` (released flagged, and later points of the run pass at once):
 * the delay exists only while the signal is actually flat. An imputed point ends the run (holding the last good
 * value is not a stuck sensor). When a run breaks, its longest tail that still fits with the new point starts the
 * next run. A flush releases what is held unflagged but remembers the run, so a stuck sensor that keeps going quiet
 * is still caught.
 */
export class FlatLine {
  flagged = 0;

  constructor(
    private readonly o: FlatLineOptions,
    private readonly s: FlatLineState = { held: [], length: 0, min: 0, max: 0 },
  ) {}

  get heldCount(): number {
    return this.s.held.length;
  }

  push(points: readonly Point[], out: Point[]): void {
    const s = this.s;
    for (const p of points) {
      if (p.flags.includes('imputed') || !p.measured) {
        this.endRun(out);
        out.push(p);
        continue;
      }
      const v = p.value;
      if (s.length > 0 && Math.max(s.max, v) - Math.min(s.min, v) <= this.o.epsilon) {
        s.length++;
        s.min = Math.min(s.min, v);
        s.max = Math.max(s.max, v);
        if (s.length > this.o.samples) this.flag(p, out);
        else {
          s.held.push(p);
          if (s.length === this.o.samples) for (const q of s.held.splice(0)) this.flag(q, out);
        }
        continue;
      }
      // The run breaks: keep its longest tail that fits with p (only held points are still ours to move).
      let start = s.held.length;
      let lo = v;
      let hi = v;
      while (start > 0) {
        const q = s.held[start - 1]!.value;
        if (Math.max(hi, q) - Math.min(lo, q) > this.o.epsilon) break;
        lo = Math.min(lo, q);
        hi = Math.max(hi, q);
        start--;
      }
      out.push(...s.held.splice(0, start));
      s.held.push(p);
      s.length = s.held.length;
      s.min = lo;
      s.max = hi;
      if (s.length >= this.o.samples) for (const q of s.held.splice(0)) this.flag(q, out);
    }
  }

  flush(out: Point[]): void {
    out.push(...this.s.held.splice(0));
  }

  snapshot(): FlatLineState {
    return this.s;
  }

  private endRun(out: Point[]): void {
    out.push(...this.s.held.splice(0));
    this.s.length = 0;
  }

  private flag(p: Point, out: Point[]): void {
    addFlag(p, 'flat_line');
    this.flagged++;
    out.push(p);
  }
}
